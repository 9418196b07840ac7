import pytest

from tests.broker import broker  # noqa: F401  (a fixture for every test module)
from tests.factories import World, make_world


def pytest_sessionstart(session):
    """Fail with one clear line when PostgreSQL or Redis is unreachable."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "check_services.py"
    if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
        pytest.exit("Сервисы для тестов недоступны (см. сообщение выше).", returncode=3)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Private files (documents) too; changing STORAGES resets Django's storage handler.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {
                **settings.STORAGES["private"].get("OPTIONS", {}),
                "location": str(tmp_path / "private"),
            },
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    # The cache is a real Redis: rate-limit counters must not leak between tests.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _organization_record(request):
    """Tests reaching the database see the organization's row even after a transactional test
    (a live server) flushed the tables, as a real installation always has it."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker is not None:
        transaction = marker is not None and (marker.kwargs.get("transaction") or False)
        request.getfixturevalue("transactional_db" if transaction else "db")
    else:
        return
    from tests.factories import ensure_organization_record

    ensure_organization_record()


@pytest.fixture
def world(db) -> World:
    return make_world()
