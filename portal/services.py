"""Writes of the portal app: accounts and invitations."""

import uuid

from django.conf import settings
from django.db import transaction

from .jobs import enqueue
from .models import User
from .notifications import render_email
from .tasks import send_invitation
from .tokens import invitation_token_generator, reset_token_generator


@transaction.atomic
def user_create(
    *, email: str, full_name: str, phone: str = "", is_staff: bool = False, invite: bool = True
) -> User:
    """Create an account without a password; the person sets one from the invitation."""
    user = User(email=email, full_name=full_name, phone=phone, is_staff=is_staff)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    if invite:
        user_invite(user=user)
    return user


def user_invite(*, user: User) -> None:
    """E-mail the person a link to set their password (after the transaction commits)."""
    # Each invitation asked for is one mail; a second delivery of the same job sends none.
    enqueue(send_invitation, user.pk, invitation_id=uuid.uuid4().hex)


def _set_password_link(user: User, token: str) -> str:
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
    )
    return f"{settings.PORTAL_BASE_URL}{path}"


def invitation_link(user: User) -> str:
    """A link to set the first password; lives PORTAL_INVITATION_TIMEOUT_DAYS."""
    return _set_password_link(user, invitation_token_generator.make_token(user))


def password_reset_link(user: User) -> str:
    """A link to set a new password; lives PASSWORD_RESET_TIMEOUT_HOURS."""
    return _set_password_link(user, reset_token_generator.make_token(user))


def password_reset_send(*, email: str) -> int:
    """Mail a reset link to the active accounts of the address; return how many were mailed.

    An unknown address gets no mail: the portal has no sign-up to invite it to."""
    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True))
    for user in users:
        render_email(
            "portal/email/password_reset",
            {
                "user": user,
                "link": password_reset_link(user),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            to=[user.email],
        ).send()
    return len(users)
