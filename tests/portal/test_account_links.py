"""Password-reset and invitation links: own lifetimes, no mail to unknown addresses, the same
work for a known and an unknown address, no host name in the greeting, 429 for a lockout."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse

from portal import services
from portal.tasks import send_invitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/accounts/password/reset/key/\S+)")


def _at(moment: dt.datetime):
    """Token generators look at the clock through _now()."""
    return mock.patch.object(PasswordResetTokenGenerator, "_now", lambda self: moment)


def _request_reset(client, email, capture, **extra):
    with capture(execute=True) as callbacks:
        response = client.post(reverse("account_reset_password"), {"email": email}, **extra)
    assert response.status_code == 302, response.content.decode()
    return callbacks


def _opens(client, link) -> bool:
    """Does the link lead to the «new password» form (not to «the link is invalid»)?"""
    response = client.get(link, follow=True)
    return "password1" in response.content.decode()


def test_a_reset_link_lives_hours_and_an_invitation_days(
    client, settings, django_capture_on_commit_callbacks
):
    assert settings.PASSWORD_RESET_TIMEOUT == 3 * 3600
    user = UserFactory(email="reset@example.org")
    now = dt.datetime.now()  # noqa: DTZ005 (the token generator counts naive local seconds)
    with _at(now):
        _request_reset(client, "Reset@Example.org", django_capture_on_commit_callbacks)
        reset_link = LINK.search(mail.outbox[-1].body)[1]
        send_invitation(user.pk)
        invitation_link = LINK.search(mail.outbox[-1].body)[1]
    assert "действует 3 часа" in mail.outbox[0].body
    assert "действует 7 дней" in mail.outbox[1].body

    with _at(now + dt.timedelta(hours=2, minutes=50)):
        assert _opens(client, reset_link)
    client.cookies.clear()
    with _at(now + dt.timedelta(hours=3, minutes=10)):
        assert not _opens(client, reset_link)
        assert _opens(client, invitation_link)
    client.cookies.clear()
    with _at(now + dt.timedelta(days=6, hours=23)):
        assert _opens(client, invitation_link)
    client.cookies.clear()
    with _at(now + dt.timedelta(days=7, hours=1)):
        assert not _opens(client, invitation_link)


def test_an_invitation_token_is_not_a_reset_token_and_the_reverse(settings):
    from portal.tokens import invitation_token_generator, reset_token_generator

    user = UserFactory()
    invitation = invitation_token_generator.make_token(user)
    reset = reset_token_generator.make_token(user)
    assert invitation != reset
    assert not reset_token_generator.check_token(user, invitation)
    assert not invitation_token_generator.check_token(user, reset)
    assert not invitation_token_generator.check_token(user, "nonsense")
    # A used link stops working: the password is part of the token.
    user.set_password("Новый-пароль-2025")
    user.save(update_fields=["password"])
    assert not invitation_token_generator.check_token(user, invitation)


def test_the_reset_link_sets_a_new_password(client, django_capture_on_commit_callbacks):
    UserFactory(email="forgot@example.org")
    _request_reset(client, "forgot@example.org", django_capture_on_commit_callbacks)
    link = LINK.search(mail.outbox[0].body)[1]
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "Черёмуха-2025!", "password2": "Черёмуха-2025!"})
    assert response.status_code == 302
    assert client.login(username="forgot@example.org", password="Черёмуха-2025!")


def test_an_unknown_address_gets_no_mail_and_the_same_work(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    # Within the request both addresses do the same: one task queued, no mail sent.
    for email in ("known@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("account_reset_password"), {"email": email})
        assert response["Location"] == reverse("account_reset_password_done")
        assert len(callbacks) == 1
        assert mail.outbox == []
    _request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    _request_reset(client, "known@example.org", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_the_reset_task_mails_known_addresses_only():
    UserFactory(email="active@example.org")
    UserFactory(email="gone@example.org", is_active=False)
    assert services.password_reset_send(email="nobody@example.org") == 0
    assert services.password_reset_send(email="gone@example.org") == 0
    assert mail.outbox == []
    assert services.password_reset_send(email="ACTIVE@example.org") == 1
    assert mail.outbox[0].to == ["active@example.org"]


def test_the_mails_greet_with_the_portal_not_a_host_name(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="host@example.org", full_name="Петрова Анна Сергеевна")
    _request_reset(
        client,
        "host@example.org",
        django_capture_on_commit_callbacks,
        HTTP_HOST="127.0.0.1:8122",
    )
    send_invitation(user.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "127.0.0.1" not in message.body + message.subject
        assert "приветствует" not in message.body
        assert message.body.startswith("Здравствуйте, Петрова Анна Сергеевна!")
        assert message.subject.startswith("[Портал ЧРО] ")
        assert "sign" not in message.body.lower() and "регистрац" not in message.body


@pytest.mark.django_db
def test_allauth_mails_greet_with_the_portal_name(rf):
    from django.template.loader import render_to_string

    from portal.organization import current_organization

    organization = current_organization()
    body = render_to_string(
        "account/email/password_changed_message.txt",
        {
            "current_site": mock.Mock(name="127.0.0.1:8122", domain="127.0.0.1:8122"),
            # The account adapter adds the organization's record to every allauth letter.
            "portal_organization": organization,
        },
    )
    assert "127.0.0.1:8122" not in body
    assert organization.site_name and organization.site_name in body


def test_a_locked_out_login_answers_429_with_the_russian_message(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "x"})
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "pass-for-tests-1"}
    )
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()
    assert 'name="login"' in response.content.decode()  # the form is there to try again later
    assert "_auth_user_id" not in client.session


def test_too_many_reset_requests_answer_429_in_russian(client):
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "flood@example.org"})
    response = client.post(reverse("account_reset_password"), {"email": "flood@example.org"})
    assert response.status_code == 429
    assert "Слишком много запросов" in response.content.decode()
