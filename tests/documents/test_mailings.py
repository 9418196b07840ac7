import datetime as dt

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from documents import services
from documents.models import DigestSubscriber, Mailing, MailingAttachment, MailingDelivery
from portal.periods import Period
from tests.factories import AppointmentFactory, staff_user

from .factories import DigestSubscriberFactory, MailingFactory, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return staff_user()


def run(mailing, staff, callbacks):
    with callbacks(execute=True):
        return services.mailing_send(user=staff, mailing=mailing)


def test_formatted_text_is_sanitised():
    html = (
        '<p onclick="x()">Привет, <strong>коллеги</strong>!</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">плохо</a> <a href="https://profkom21.ru">сайт</a>'
        '<img src="https://tracker.example/p.gif">'
    )
    clean = services.sanitize_html(html)
    assert "<strong>коллеги</strong>" in clean
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "<img" not in clean
    assert 'href="https://profkom21.ru"' in clean


def test_one_failing_address_does_not_stop_the_others_and_rerun_sends_nothing_twice(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.documents.backends.FailingAddressBackend"
    settings.MAILING_BATCH_SIZE = 2  # several batches
    good = [DigestSubscriberFactory(status="confirmed") for _ in range(4)]
    DigestSubscriberFactory(status="confirmed", email="nobody@broken.example")
    DigestSubscriberFactory(status="pending")  # not confirmed: gets nothing
    DigestSubscriberFactory(status="unsubscribed")
    mailing = MailingFactory(segment=Mailing.Segment.DIGEST)

    assert run(mailing, staff, django_capture_on_commit_callbacks) == 5
    delivered = sorted(m.to[0] for m in mail.outbox)
    assert delivered == sorted(s.email for s in good)
    failed = MailingDelivery.objects.get(status="failed")
    assert failed.email == "nobody@broken.example" and "No such user" in failed.error
    assert MailingDelivery.objects.filter(status="sent").count() == 4
    mailing.refresh_from_db()
    assert mailing.status == "sent" and mailing.finished_at

    # Running the mailing again: a new subscriber gets it, nobody else gets it twice.
    newcomer = DigestSubscriberFactory(status="confirmed")
    mail.outbox.clear()
    assert run(mailing, staff, django_capture_on_commit_callbacks) == 1
    assert [m.to[0] for m in mail.outbox] == [newcomer.email]
    assert MailingDelivery.objects.filter(mailing=mailing).count() == 6


def test_a_row_is_sent_at_most_once_even_if_two_workers_run(staff, settings):
    mailing = MailingFactory()
    MailingDelivery.objects.create(mailing=mailing, email="a@example.org")
    services.mailing_send_batch(mailing_id=mailing.pk)
    services.mailing_send_batch(mailing_id=mailing.pk)
    assert len(mail.outbox) == 1


def test_the_same_address_cannot_be_queued_twice(staff):
    from django.db import IntegrityError

    mailing = MailingFactory()
    MailingDelivery.objects.create(mailing=mailing, email="a@example.org")
    with pytest.raises(IntegrityError):
        MailingDelivery.objects.create(mailing=mailing, email="a@example.org")


def test_digest_message_has_unsubscribe_link_and_headers(
    staff, django_capture_on_commit_callbacks, client
):
    subscriber = DigestSubscriberFactory(status="confirmed")
    mailing = MailingFactory(segment=Mailing.Segment.DIGEST, body_html="<p>Новости месяца</p>")
    MailingAttachment.objects.create(mailing=mailing, file=pdf_file(), original_name="План.pdf")
    run(mailing, staff, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body
    assert url in message.alternatives[0][0]
    assert message.attachments[0][0] == "План.pdf"
    path = url.removeprefix("http://testserver")
    # Opening the link (a mail scanner's GET) only shows the button.
    response = client.get(path)
    assert "Отписаться" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    # The mail client's RFC 8058 one-click POST carries no CSRF token and still unsubscribes.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Вы отписались" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at


def test_officer_mailing_has_no_unsubscribe_header(staff, django_capture_on_commit_callbacks):
    AppointmentFactory()
    run(MailingFactory(), staff, django_capture_on_commit_callbacks)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_segments_chosen_and_all_officers(staff):
    a, b = AppointmentFactory(), AppointmentFactory()
    AppointmentFactory(ends_on=dt.date(2024, 6, 30))  # no longer an officer
    everyone = MailingFactory(segment=Mailing.Segment.ALL_OFFICERS)
    assert services.mailing_recipients(everyone) == sorted([a.user.email, b.user.email])
    chosen = MailingFactory(segment=Mailing.Segment.CHOSEN_OFFICERS)
    chosen.organizations.set([b.organization])
    assert services.mailing_recipients(chosen) == [b.user.email]


def test_segment_by_signal_of_a_metric(staff):
    """PPOs whose metric value for last month is unknown or zero: here, no officer appointed
    last month means «ppo.officer_appointed» is 0 for that PPO."""
    last_month = Period.current_month().previous()
    old = AppointmentFactory(starts_on=dt.date(2024, 1, 1))
    new = AppointmentFactory(starts_on=last_month.last_day + dt.timedelta(days=1))
    mailing = MailingFactory(
        segment=Mailing.Segment.SIGNAL_OFFICERS, signal_metric="ppo.officer_appointed"
    )
    assert services.signalled_organization_ids(mailing) == [new.organization_id]
    assert services.mailing_recipients(mailing) == [new.user.email]
    assert old.user.email not in services.mailing_recipients(mailing)


def test_signal_segment_needs_a_known_metric(staff):
    mailing = MailingFactory(segment=Mailing.Segment.SIGNAL_OFFICERS, signal_metric="no.such")
    with pytest.raises(ValidationError, match="Выберите показатель"):
        services.mailing_send(user=staff, mailing=mailing)


def test_empty_segment_is_refused(staff):
    with pytest.raises(ValidationError, match="нет ни одного адреса"):
        services.mailing_send(user=staff, mailing=MailingFactory(segment="digest"))


# --- The digest subscription: double opt-in -----------------------------------------------------


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:digest_subscribe"), {"email": "Reader@Mail.ru"})
    assert response["Location"] == reverse("documents:digest_subscribe_sent")
    subscriber = DigestSubscriber.objects.get()
    assert subscriber.email == "reader@mail.ru" and subscriber.status == "pending"
    # Not confirmed yet: a digest does not reach the address.
    assert services.mailing_recipients(MailingFactory(segment="digest")) == []
    link = next(line for line in mail.outbox[0].body.splitlines() if "/digest/confirm/" in line)
    path = link.strip().removeprefix("http://testserver")
    # Opening the link (as a mail scanner does) only shows the button.
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Подписать адрес reader@mail.ru на дайджест" in page
    assert 'method="post"' in page and "Подтвердить подписку" in page
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    response = client.post(path)
    assert "Подписка подтверждена" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    assert services.mailing_recipients(MailingFactory(segment="digest")) == ["reader@mail.ru"]


def test_confirmation_link_expires_and_cannot_be_forged(client, db):
    DigestSubscriberFactory(email="a@example.org")
    forged = signing.dumps("a@example.org", salt="another-salt")
    response = client.get(reverse("documents:digest_confirm", args=[forged]))
    assert response.status_code == 400 and "недействительна" in response.content.decode()
    # The unsubscribe token of an address does not confirm it.
    token = signing.dumps("a@example.org", salt=services.UNSUBSCRIBE_SALT, compress=True)
    assert client.get(reverse("documents:digest_confirm", args=[token])).status_code == 400
    assert DigestSubscriber.objects.get().status == "pending"


def test_confirmation_is_a_post_with_the_csrf_token(db):
    subscriber = DigestSubscriberFactory(email="csrf@example.org")
    path = services.confirm_url("csrf@example.org").removeprefix("http://testserver")
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(path)
    assert strict.post(path).status_code == 403  # a forged cross-site POST confirms nothing
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    token = page.context["csrf_token"]
    assert strict.post(path, {"csrfmiddlewaretoken": str(token)}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_expired_confirmation(db):
    import time

    DigestSubscriberFactory(email="a@example.org")
    token = signing.dumps("a@example.org", salt=services.CONFIRM_SALT, compress=True)
    original = time.time
    try:
        time.time = lambda: original() + services.CONFIRM_MAX_AGE + 60
        with pytest.raises(ValidationError, match="устарела"):
            services.digest_confirm(token=token)
    finally:
        time.time = original


def test_unsubscribed_can_subscribe_again_and_confirmed_get_no_new_mail(
    client, django_capture_on_commit_callbacks
):
    DigestSubscriberFactory(email="a@example.org", status="unsubscribed")
    DigestSubscriberFactory(email="b@example.org", status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_subscribe(email="a@example.org")
        services.digest_subscribe(email="b@example.org")
    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]
    assert DigestSubscriber.objects.get(email="a@example.org").status == "pending"


def test_bad_address_is_explained_next_to_the_field(client, db):
    response = client.post(reverse("documents:digest_subscribe"), {"email": "not-an-address"})
    assert "правильный адрес" in response.context["form"].errors["email"][0]
    assert not DigestSubscriber.objects.exists()


# --- Admin: compose and send --------------------------------------------------------------------


def test_staff_compose_and_send_in_admin(client, staff, django_capture_on_commit_callbacks):
    a = AppointmentFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:documents_mailing_add"),
        {
            "subject": "Семинар для ответственных",
            "body_html": "<p>Ждём <b>всех</b></p><script>x</script>",
            "segment": "chosen_officers",
            "organizations": [a.organization_id],
            "signal_metric": "",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-file": pdf_file("Программа семинара.pdf"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    mailing = Mailing.objects.get()
    assert "<script>" not in mailing.body_html
    assert mailing.attachments.get().original_name == "Программа семинара.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:documents_mailing_changelist"),
            {"action": "send", "_selected_action": [mailing.pk]},
        )
    assert [m.to[0] for m in mail.outbox] == [a.user.email]
    assert mail.outbox[0].attachments[0][0] == "Программа семинара.pdf"


def test_admin_refuses_chosen_segment_without_ppos(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:documents_mailing_add"),
        {
            "subject": "Тема",
            "body_html": "<p>Текст</p>",
            "segment": "chosen_officers",
            "signal_metric": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Выберите хотя бы одну ППО" in str(response.context["adminform"].form.errors)


def test_confirmation_is_not_resent_within_minutes_and_visitors_are_rate_limited(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(reverse("documents:digest_subscribe"), {"email": "a@example.org"})
    assert len(mail.outbox) == 1
    for n in range(7):
        client.post(reverse("documents:digest_subscribe"), {"email": f"x{n}@example.org"})
    response = client.post(reverse("documents:digest_subscribe"), {"email": "late@example.org"})
    assert "Слишком много попыток" in str(response.context["form"].non_field_errors())
    assert not DigestSubscriber.objects.filter(email="late@example.org").exists()
