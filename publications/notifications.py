"""E-mails to the author of a publication about the moderator's decision (sent by a task).

One mail per moderation event: a retried or twice-delivered task does not mail the author again."""

from django.urls import reverse

from portal.mail import mail_send_once
from portal.notifications import email_wanted, render_email

from .models import ModerationEvent, Publication

TEMPLATES = {
    Publication.Status.CHANGES_REQUESTED: "publications/email/publication_changes_requested",
    Publication.Status.REJECTED: "publications/email/publication_rejected",
    Publication.Status.APPROVED: "publications/email/publication_approved",
}


def notify_author(*, event_id: int) -> None:
    event = (
        ModerationEvent.objects.select_related("publication__author", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.to_status not in TEMPLATES:
        return
    publication = event.publication
    author = publication.author
    if not author.is_active or not author.email:
        return
    if not email_wanted(author, "publications:moderation"):
        return
    context = {
        "publication": publication,
        "event": event,
        "author": author,
        "cabinet_path": reverse(
            "publications:detail" if publication.organization_id else "publications:review",
            kwargs={"pk": publication.pk},
        ),
    }
    mail_send_once(
        key=f"publications.moderation:{event.pk}",
        email=author.email,
        build=lambda to: render_email(TEMPLATES[event.to_status], context, to=[to]),
    )
