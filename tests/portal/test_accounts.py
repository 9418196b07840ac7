import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests.factories import AppointmentFactory, UserFactory, presidium_user, staff_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_staff_create_an_account_and_the_person_sets_a_password(
    client, django_capture_on_commit_callbacks
):
    client.force_login(staff_user())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_add"),
            {
                "email": "New.Officer@Example.org",
                "full_name": "Новикова Алла Ивановна",
                "phone": "+7 900 000-00-00",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@example.org")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.officer@example.org"]
    assert "Новикова Алла Ивановна" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]

    client.logout()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "Sirень-2025!x", "password2": "Sirень-2025!x"})
    assert response.status_code == 302
    assert client.login(username="new.officer@example.org", password="Sirень-2025!x")


def test_login_by_email_and_landing_by_role(client):
    officer = AppointmentFactory().user
    response = client.post(
        reverse("account_login"),
        {"login": officer.email.upper(), "password": "pass-for-tests-1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("ppo:cabinet")
    client.logout()
    client.force_login(staff_user())
    assert client.get(reverse("portal:after_login"))["Location"] == reverse("admin:index")
    client.force_login(presidium_user())
    assert client.get(reverse("portal:after_login")).status_code == 302


def test_failed_logins_are_rate_limited_in_the_shared_cache(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "pass-for-tests-1"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_healthz_reports_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert client.get("/healthz").json()["broker"] == "unavailable"


def test_admin_index_groups_models_the_way_staff_think(client):
    client.force_login(staff_user())
    groups = [app["name"] for app in client.get(reverse("admin:index")).context["app_list"]]
    assert groups[:2] == ["Организации", "Люди"]


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_require_secrets_and_pass_the_deploy_check():
    base = {"PATH": "/usr/bin:/bin", "DJANGO_ENV": "production"}
    missing = _manage("check", env=base)
    assert missing.returncode != 0
    assert "DJANGO_SECRET_KEY" in missing.stderr
    env = {
        **base,
        "DJANGO_SECRET_KEY": "x" * 64 + "-prod-secret-Zq9!",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "PORTAL_BASE_URL": "https://portal.example.org",
        "DEFAULT_FROM_EMAIL": "portal@example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    deploy = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


def test_staff_cannot_make_a_superuser(client):
    staff = staff_user()
    target = UserFactory()
    client.force_login(staff)
    url = reverse("admin:portal_user_change", args=[target.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    client.post(
        url,
        {
            "email": target.email,
            "full_name": target.full_name,
            "phone": "",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "01.01.2025",
            "date_joined_1": "10:00",
        },
    )
    target.refresh_from_db()
    assert not target.is_superuser


@pytest.mark.parametrize("email", ["taken@example.org", "Taken@Example.ORG"])
def test_a_taken_email_gets_one_clear_message_in_the_admin(client, email):
    UserFactory(email="taken@example.org")
    client.force_login(staff_user())
    response = client.post(
        reverse("admin:portal_user_add"), {"email": email, "full_name": "Дубль Дублевич"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Учётная запись с адресом taken@example.org уже есть." in body
    assert "portal_user_email_ci_unique" not in body
    assert 'value="Дубль Дублевич"' in body
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
