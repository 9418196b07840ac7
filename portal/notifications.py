"""E-mail notifications rendered from templates (templates/<app>/email/<name>_subject.txt and
<name>.txt). Sending is always done by a Celery task, never inside a request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def render_email(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    context = {"base_url": settings.PORTAL_BASE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
