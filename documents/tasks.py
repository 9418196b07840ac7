"""Thin Celery tasks of the document exchange: load by id, call a service or send e-mail."""

from celery import shared_task
from django.conf import settings

from portal.notifications import render_email

from . import selectors, services
from .models import Delivery, DigestSubscriber, Document

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
    for email in _officers_of(organization_ids):
        render_email("documents/email/document_sent", {"document": document}, to=[email]).send()


@shared_task(**RETRY)
def send_document_reminders(document_id: int, delivery_ids: list[int]) -> None:
    """Remind the PPOs that still lag when the task runs (one may have acknowledged since)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    deliveries = Delivery.objects.filter(pk__in=delivery_ids).select_related("document")
    laggard_ids = [delivery.organization_id for delivery in deliveries if delivery.is_laggard]
    for email in _officers_of(laggard_ids):
        render_email("documents/email/document_reminder", {"document": document}, to=[email]).send()


@shared_task(**RETRY)
def send_mailing_batch(mailing_id: int) -> None:
    remaining = services.mailing_send_batch(
        mailing_id=mailing_id, batch_size=settings.MAILING_BATCH_SIZE
    )
    if remaining:
        send_mailing_batch.delay(mailing_id)


@shared_task(**RETRY)
def send_digest_confirmation(subscriber_id: int) -> None:
    subscriber = DigestSubscriber.objects.filter(
        pk=subscriber_id, status=DigestSubscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return
    render_email(
        "documents/email/digest_confirm",
        {"link": services.confirm_url(subscriber.email)},
        to=[subscriber.email],
    ).send()
