"""Thin Celery tasks of the document exchange: load by id, call a service or send e-mail."""

from celery import shared_task
from django.conf import settings

from portal.jobs import enqueue
from portal.mail import mail_send_once, mail_send_reserved
from portal.models import NotificationPreference
from portal.notifications import render_email
from portal.periods import Period

from . import selectors, services
from .models import Delivery, DigestSubscriber, Document, NewsDigest

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 300,
    "time_limit": 360,
}


def _officers_of(organization_ids) -> list[str]:
    emails = selectors.officer_emails(organization_ids)
    return sorted({email for group in emails.values() for email in group})


@shared_task(**RETRY)
def notify_document_sent(document_id: int, organization_ids: list[int]) -> None:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    # The officers who turned this kind's e-mail off on the preferences page get none.
    declined = {
        email.lower()
        for email in NotificationPreference.objects.filter(
            kind=services.SENT_KIND, email=False
        ).values_list("user__email", flat=True)
    }
    # Each officer is recorded as mailed: a retry or a second delivery skips them.
    for email in _officers_of(organization_ids):
        if email.lower() in declined:
            continue
        mail_send_once(
            key=f"documents.sent:{document.pk}",
            email=email,
            build=lambda to: render_email(
                "documents/email/document_sent", {"document": document}, to=[to]
            ),
        )


@shared_task(**RETRY)
def send_document_reminders(document_id: int, delivery_ids: list[int]) -> None:
    """Mail the reminders reserved by ``document_remind_laggards`` to the officers of the PPOs
    that still lag when the task runs (one may have acknowledged since)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    deliveries = Delivery.objects.filter(pk__in=delivery_ids).select_related("document")
    laggard_ids = [delivery.organization_id for delivery in deliveries if delivery.is_laggard]
    mail_send_reserved(
        key=services.reminder_key(document),
        only=_officers_of(laggard_ids),
        build=lambda to: render_email(
            "documents/email/document_reminder", {"document": document}, to=[to]
        ),
    )


@shared_task(**RETRY)
def send_mailing_batch(mailing_id: int) -> None:
    remaining = services.mailing_send_batch(
        mailing_id=mailing_id, batch_size=settings.MAILING_BATCH_SIZE
    )
    if remaining:
        enqueue(send_mailing_batch, mailing_id)


@shared_task(**RETRY)
def send_digest_confirmation(subscriber_id: int) -> None:
    subscriber = DigestSubscriber.objects.filter(
        pk=subscriber_id, status=DigestSubscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return
    # One mail per confirmation asked for (a new request after the resend delay is a new key).
    asked = subscriber.confirmation_sent_at.timestamp() if subscriber.confirmation_sent_at else 0
    mail_send_once(
        key=f"documents.digest_confirm:{subscriber.pk}:{asked:.0f}",
        email=subscriber.email,
        build=lambda to: render_email(
            "documents/email/digest_confirm", {"link": services.confirm_url(to)}, to=[to]
        ),
    )


@shared_task(**RETRY)
def send_monthly_digest(month: str | None = None) -> int | None:
    """Beat, the 1st of each month: compile the previous month's news digest (``YYYY-MM`` for
    another month) and enqueue its sending; nothing when the month had no news. Returns the
    digest's id."""
    period = Period.parse_month(month) if month else Period.current_month().previous()
    digest = services.news_digest_compile(period=period)
    return digest.pk if digest else None


@shared_task(**RETRY)
def send_news_digest(digest_id: int) -> int:
    digest = NewsDigest.objects.filter(pk=digest_id).first()
    if digest is None:
        return 0
    return services.news_digest_send(digest=digest)
