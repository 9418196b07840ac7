"""Backup and restore: the demo backed up, restored into a fresh database and fresh media
folders by another process, and a private file downloaded from the restored copy."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from documents.models import Document

ROOT = Path(__file__).resolve().parents[2]

DOWNLOAD = """
import os
from django.test import Client
from django.urls import reverse
from documents.models import Document
from portal.models import User

document = Document.objects.get(title=os.environ["DOCUMENT_TITLE"])
client = Client()
client.force_login(User.objects.get(email="info@demo.example"))
response = client.get(reverse("documents:staff_file", args=[document.pk]))
assert response.status_code == 200, response.status_code
body = b"".join(response.streaming_content) if response.streaming else response.content
open(os.environ["DOWNLOAD_TO"], "wb").write(body)
anonymous = Client().get(reverse("documents:staff_file", args=[document.pk]))
assert anonymous.status_code == 302, anonymous.status_code
"""


def _server_connection():
    params = connection.get_connection_params()
    params.pop("dbname", None)
    params.pop("context", None)
    params.pop("cursor_factory", None)
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _server_connection() as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _server_connection() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database: str, tmp_path: Path) -> dict:
    settings_dict = connection.settings_dict
    user = settings_dict["USER"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
    }


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_of_the_demo_restores_into_a_fresh_installation(tmp_path, fresh_database):
    call_command("load_demo")
    document = Document.objects.exclude(file="").order_by("pk").first()
    original = document.file.read()
    assert original.startswith(b"%PDF")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["database"] == connection.settings_dict["NAME"]
    assert manifest["portal_version"] == "0.1.0"
    assert manifest["files"]["private"] >= 1 and manifest["files"]["media"] >= 1
    assert f"private/{document.file.name}" in names
    assert len([n for n in names if n.startswith("private/")]) == manifest["files"]["private"]

    env = _environment(fresh_database, tmp_path)
    restored = _manage("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Восстановлена копия" in restored.stdout
    assert (tmp_path / "restored-private" / document.file.name).read_bytes() == original

    target = tmp_path / "downloaded.pdf"
    download = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", DOWNLOAD],
        cwd=ROOT,
        env={**env, "DOCUMENT_TITLE": document.title, "DOWNLOAD_TO": str(target)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert download.returncode == 0, download.stderr
    assert target.read_bytes() == original

    # The restored installation is not empty any more: a second restore is refused.
    again = _manage("restore", str(archive), env=env)
    assert again.returncode == 1
    assert "не пуста" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr


def _archive(tmp_path: Path, members: list[tarfile.TarInfo], data: dict[str, bytes]) -> Path:
    path = tmp_path / "crafted.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        manifest = json.dumps({"format": 1, "files": {"media": 0, "private": 0}}).encode()
        for name, content in {"manifest.json": manifest, "database.dump": b"x", **data}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for member in members:
            archive.addfile(member)
    return path


def _link(name: str, target: str, kind=tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "data", "message"),
    [
        ([], {"media/../../evil.txt": b"x"}, "недопустимый путь «media/../../evil.txt»"),
        ([], {"/etc/evil": b"x"}, "недопустимый путь «/etc/evil»"),
        ([], {"settings.py": b"x"}, "лишний файл «settings.py»"),
        ([_link("media/passwd", "/etc/passwd")], {}, "ссылка или особый файл «media/passwd»"),
        (
            [_link("private/hard", "/etc/passwd", tarfile.LNKTYPE)],
            {},
            "ссылка или особый файл «private/hard»",
        ),
    ],
)
def test_an_unsafe_archive_is_refused_before_anything_is_written(
    tmp_path, settings, members, data, message
):
    archive = _archive(tmp_path, members, data)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--force")
    assert not (tmp_path / "evil.txt").exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*"))


@pytest.mark.django_db
def test_a_non_empty_database_is_refused_without_force(tmp_path):
    archive = _archive(tmp_path, [], {})
    with pytest.raises(CommandError, match="не пуста"):
        call_command("restore", str(archive))


def test_not_a_backup_is_refused(tmp_path, db):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("readme.txt")
        archive.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="нет manifest.json"):
        call_command("restore", str(path))
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="Не удалось открыть архив"):
        call_command("restore", str(tmp_path / "junk.tar.gz"))
