"""Background jobs survive a broker outage (outbox) and their mails go out once per person."""

import datetime as dt
import smtplib

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents import services as document_services
from documents.models import Delivery
from documents.tasks import notify_document_sent
from portal.celery import app
from portal.jobs import enqueue, outbox_flush, outbox_send
from portal.models import OutboxJob, SentMail
from portal.tasks import send_invitation
from tests.broker import wait_for
from tests.documents.factories import DeliveryFactory, DocumentFactory
from tests.factories import AppointmentFactory, UserFactory, staff_user

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


class FailOnceBackend(EmailBackend):
    """Refuses the first message to an address at flaky.example, accepts it the next time."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                if address.endswith("@flaky.example") and address not in self.refused:
                    self.refused.add(address)
                    raise smtplib.SMTPRecipientsRefused({address: (451, b"Try again later")})
        return super().send_messages(messages)


def _laggard_document(officers: int):
    document = DocumentFactory(acknowledge_by=TOMORROW)
    appointments = [AppointmentFactory() for _ in range(officers)]
    for appointment in appointments:
        DeliveryFactory(document=document, organization=appointment.organization)
    return document, sorted(appointment.user.email for appointment in appointments)


@pytest.mark.django_db(transaction=True)
def test_a_job_kept_while_the_broker_is_down_runs_once_when_it_is_back(client, broker):
    document, emails = _laggard_document(officers=3)
    client.force_login(staff_user())

    # The broker is down: the page answers as usual and the job waits in the outbox.
    response = client.post(reverse("documents:document_remind", args=[document.pk]), follow=True)
    assert response.status_code == 200
    assert "Напоминание отправлено 3 ответственным." in response.content.decode()
    job = OutboxJob.objects.get()
    assert job.task == "documents.tasks.send_document_reminders"
    assert job.sent_at is None and job.attempts == 1
    assert "Connection refused" in job.last_error or "Error" in job.last_error
    assert mail.outbox == []
    assert outbox_flush() == 0  # still down: the job stays, the error is recorded
    job.refresh_from_db()
    assert job.sent_at is None and job.attempts == 2

    broker()
    assert outbox_flush() == 1
    job.refresh_from_db()
    assert job.sent_at is not None
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        wait_for(lambda: len(mail.outbox) >= 3, "The worker did not send the reminders")
        # The same job delivered a second time (at least once) mails nobody again; an
        # invitation queued behind it shows when the worker is past it.
        call_command("flush_outbox")  # nothing waits: no-op
        app.send_task(job.task, args=job.args, kwargs=job.kwargs)
        latecomer = UserFactory()
        enqueue(send_invitation, latecomer.pk, invitation_id="after")
        wait_for(lambda: len(mail.outbox) >= 4, "The worker did not send the invitation")
    assert sorted(m.to[0] for m in mail.outbox[:3]) == emails
    assert [m.to[0] for m in mail.outbox[3:]] == [latecomer.email]
    assert "ещё не подтвердила" in mail.outbox[0].body


def test_without_a_broker_jobs_run_in_process(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue(send_invitation, user.pk, invitation_id="one")
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert not OutboxJob.objects.exists()


def test_the_flush_command_runs_kept_jobs_in_process_without_a_broker(db):
    user = UserFactory()
    job = OutboxJob.objects.create(
        task=send_invitation.name, args=[user.pk], kwargs={"invitation_id": "x"}, attempts=1
    )
    call_command("flush_outbox")
    job.refresh_from_db()
    assert job.sent_at is not None and job.attempts == 2
    assert [m.to for m in mail.outbox] == [[user.email]]
    call_command("flush_outbox")  # sent jobs are not sent again
    assert len(mail.outbox) == 1
    # Sent jobs are kept a month for the record, then removed.
    OutboxJob.objects.filter(pk=job.pk).update(sent_at=timezone.now() - dt.timedelta(days=31))
    call_command("flush_outbox")
    assert not OutboxJob.objects.filter(pk=job.pk).exists()


def test_a_flush_skips_a_job_another_flush_sent_after_it_was_listed(db):
    user = UserFactory()
    job = OutboxJob.objects.create(
        task=send_invitation.name, args=[user.pk], kwargs={"invitation_id": "one"}
    )
    listed = [job.pk]  # a flush listed it; another flush sends it meanwhile
    OutboxJob.objects.filter(pk=job.pk).update(sent_at=timezone.now())
    assert outbox_send(jobs=listed, waiting_only=True) == 0
    assert mail.outbox == []
    # The admin's «send again» does send a sent job anew.
    assert outbox_send(jobs=listed) == 1
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_retried_mail_loop_mails_nobody_twice(db, settings):
    settings.EMAIL_BACKEND = "tests.portal.test_jobs.FailOnceBackend"
    FailOnceBackend.refused = set()
    document = DocumentFactory()
    users = [
        UserFactory(email="a@ok.example"),
        UserFactory(email="b@flaky.example"),
        UserFactory(email="c@ok.example"),
    ]
    organizations = [AppointmentFactory(user=user).organization for user in users]
    args = [document.pk, [o.pk for o in organizations]]
    # The second address fails part-way: the task is retried (in place, in eager mode) and
    # runs the loop again from the start, as a worker would; the first address is skipped.
    assert notify_document_sent.apply(args=args, throw=False).state == "SUCCESS"
    assert FailOnceBackend.refused == {"b@flaky.example"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    # A second delivery of the same job: nothing more.
    notify_document_sent.apply(args=args).get()
    assert len(mail.outbox) == 3
    assert SentMail.objects.filter(key=f"documents.sent:{document.pk}").count() == 3


def test_a_second_invitation_is_a_new_mail_a_repeated_job_is_not(db):
    user = UserFactory()
    send_invitation.apply(args=[user.pk], kwargs={"invitation_id": "first"})
    send_invitation.apply(args=[user.pk], kwargs={"invitation_id": "first"})
    assert len(mail.outbox) == 1
    send_invitation.apply(args=[user.pk], kwargs={"invitation_id": "second"})
    assert len(mail.outbox) == 2


# --- Reminders: a cooldown per recipient, a count of the mails sent ----------------------------


def test_remind_twice_mails_nobody_twice_and_counts_the_mails(
    client, db, django_capture_on_commit_callbacks
):
    document = DocumentFactory(acknowledge_by=TOMORROW)
    # Four lagging PPOs, two mails: two of them have no officer in force.
    first, other = AppointmentFactory(), AppointmentFactory()
    for appointment in (first, other):
        DeliveryFactory(document=document, organization=appointment.organization)
    DeliveryFactory.create_batch(2, document=document)
    client.force_login(staff_user())
    url = reverse("documents:document_remind", args=[document.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Напоминание отправлено 2 ответственным." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, other.user.email])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    page = response.content.decode()
    assert "уже напоминали за последние 24 часа" in page
    assert len(mail.outbox) == 2

    # Once the cooldown is over, the laggards are reminded again.
    SentMail.objects.update(queued_at=timezone.now() - dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 4


def test_an_officer_who_acknowledged_meanwhile_is_not_reminded(
    db, django_capture_on_commit_callbacks
):
    document, emails = _laggard_document(officers=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = document_services.document_remind_laggards(user=staff_user(), document=document)
    assert result.mails == 2
    first = Delivery.objects.filter(document=document).order_by("pk").first()
    now = timezone.now()
    Delivery.objects.filter(pk=first.pk).update(opened_at=now, acknowledged_at=now)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "Напоминание отправлено 1 ответственному."),
        (3, "Напоминание отправлено 3 ответственным."),
        (7, "Напоминание отправлено 7 ответственным."),
        (11, "Напоминание отправлено 11 ответственным."),
        (21, "Напоминание отправлено 21 ответственному."),
    ],
)
def test_reminder_message_has_the_russian_plural(count, text):
    assert document_services.reminder_message(count) == text


def test_cooldown_message_has_the_russian_plural(settings):
    settings.DOCUMENTS_REMINDER_COOLDOWN_HOURS = 5
    assert "за последние 5 часов" in document_services.reminder_cooldown_message()
    settings.DOCUMENTS_REMINDER_COOLDOWN_HOURS = 1
    assert "за последний 1 час" in document_services.reminder_cooldown_message()


# --- Admin ----------------------------------------------------------------------------------------


def test_admin_lists_the_outbox_and_sends_a_job_again(client, db):
    user = UserFactory()
    job = OutboxJob.objects.create(
        task=send_invitation.name, args=[user.pk], kwargs={"invitation_id": "adm"}, attempts=1
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:portal_outboxjob_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist, {"action": "send_again", "_selected_action": [job.pk]}, follow=True
    )
    assert "Передана брокеру 1 задача из 1." in response.content.decode()
    job.refresh_from_db()
    assert job.sent_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert client.get(reverse("admin:portal_outboxjob_add")).status_code == 403
