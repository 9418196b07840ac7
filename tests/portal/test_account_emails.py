"""allauth's letters are in Russian and signed with the portal's name and address, not a host."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_letter_greets_in_russian_without_the_host(client, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    UserFactory(email="officer@example.org")
    response = client.post(
        reverse("account_reset_password"), {"email": "officer@example.org"}, HTTP_HOST="127.0.0.1"
    )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert body.startswith("Здравствуйте!")
    assert "Портал ЧРО Профсоюза работников здравоохранения\nhttps://portal.example.org" in body
    assert "приветствует" not in body and "Hello" not in body
    greeting_and_signature = body.split("\n")[0] + body.rsplit("\n\n", 1)[-1]
    assert "127.0.0.1" not in greeting_and_signature
