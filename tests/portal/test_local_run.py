"""`make run` works on SQLite with no services: migrations and the demo data load there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_loads_on_sqlite_without_services(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_ENV": "local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    migrate = manage("migrate", "--noinput", "-v0")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    demo = manage("load_demo")
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "info@demo.example" in demo.stdout
    again = manage("load_demo")
    assert "уже загружены" in again.stdout
