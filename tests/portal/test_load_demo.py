"""load_demo: never into a production installation; no traceback without the ЦК address."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal.models import User
from reports.models import CentralCommitteeReport

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_load_demo_refuses_production_settings(settings):
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="нельзя загружать в рабочую установку"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_refuses_a_production_run_with_a_message_not_a_traceback():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-prod-secret-Zq9!",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        # A database that does not exist: the command must stop before touching any.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal_no_such_database",
        "PORTAL_BASE_URL": "https://portal.example.org",
        "DEFAULT_FROM_EMAIL": "portal@example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Демо-данные нельзя загружать в рабочую установку" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_load_demo_without_a_central_committee_address(settings):
    settings.CENTRAL_COMMITTEE_EMAIL = ""
    call_command("load_demo")
    assert CentralCommitteeReport.objects.filter(status="sent").exists()
    assert settings.CENTRAL_COMMITTEE_EMAIL == ""
