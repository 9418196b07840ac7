"""allauth's letters are in Russian and signed with the portal's name and address, not a host."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_letter_greets_in_russian_without_the_host(
    client, settings, django_capture_on_commit_callbacks
):
    from portal.organization import current_organization

    settings.PORTAL_BASE_URL = "https://portal.example.org"
    UserFactory(email="officer@example.org", full_name="Иванова Мария Петровна")
    with django_capture_on_commit_callbacks(execute=True):  # the letter goes through a task
        response = client.post(
            reverse("account_reset_password"),
            {"email": "officer@example.org"},
            HTTP_HOST="127.0.0.1",
        )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert body.startswith("Здравствуйте, Иванова Мария Петровна!")
    assert current_organization().short_name in body
    assert "приветствует" not in body and "Hello" not in body
    greeting_and_signature = body.split("\n")[0] + body.rsplit("\n\n", 1)[-1]
    assert "127.0.0.1" not in greeting_and_signature
