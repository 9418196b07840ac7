from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from .mail import mail_send_once
from .notifications import render_email


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_invitation(user_id: int, invitation_id: str = "") -> None:
    from .services import invitation_link

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    mail_send_once(
        key=f"portal.invitation:{user.pk}:{invitation_id}",
        email=user.email,
        build=lambda to: render_email(
            "portal/email/invitation",
            {
                "user": user,
                "link": invitation_link(user),
                "days": settings.PORTAL_INVITATION_TIMEOUT_DAYS,
            },
            to=[to],
        ),
    )


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_password_reset(email: str) -> None:
    from .services import password_reset_send

    password_reset_send(email=email)


@shared_task(soft_time_limit=120, time_limit=180)
def flush_outbox() -> int:
    """Publish the jobs kept in the outbox while the broker was unreachable (run by beat)."""
    from .jobs import outbox_flush

    return outbox_flush()


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=120, time_limit=180
)
def send_notification_emails(notification_ids: list[int]) -> None:
    from .models import Notification
    from .notifications import notification_send_email

    for notification in Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient"
    ):
        notification_send_email(notification=notification)
