from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from .notifications import render_email


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_invitation(user_id: int) -> None:
    from .services import invitation_link

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    render_email(
        "portal/email/invitation",
        {
            "user": user,
            "link": invitation_link(user),
            "days": settings.PORTAL_INVITATION_TIMEOUT_DAYS,
        },
        to=[user.email],
    ).send()


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_password_reset(email: str) -> None:
    from .services import password_reset_send

    password_reset_send(email=email)
