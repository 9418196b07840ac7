"""E-mail notifications rendered from templates (templates/<app>/email/<name>_subject.txt and
<name>.txt). Sending is always done by a Celery task, never inside a request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .organization import current_organization


def subject_prefix() -> str:
    """«[Портал ЧРО] » from the organization's record."""
    abbreviation = current_organization().abbreviation
    return f"[Портал {abbreviation}] " if abbreviation else "[Портал] "


def render_email(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    context = {
        "base_url": settings.PORTAL_BASE_URL,
        "portal_organization": current_organization(),
        **context,
    }
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        subject=f"{subject_prefix()}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
