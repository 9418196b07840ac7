"""Writes of the portal app: accounts and invitations."""

import uuid

from django.conf import settings
from django.db import transaction

from .jobs import enqueue
from .models import User
from .tasks import send_invitation


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


def invitation_link(user: User) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.PORTAL_BASE_URL}{path}"
