"""Tokens of the links mailed to a person: a password reset lives hours, an invitation a week.

Both are Django's password-reset tokens (tied to the password hash and the last login, so a used
link stops working), but each kind has its own salt: an invitation token does not pass as a reset
token nor the reverse, so each keeps its own lifetime."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "portal.tokens.InvitationTokenGenerator"

    def check_token(self, user, token):
        # The parent limits the age by PASSWORD_RESET_TIMEOUT (the reset's hours); an invitation
        # has its own limit, so the signature is checked here the same way and the age apart.
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.PORTAL_INVITATION_TIMEOUT_DAYS * 24 * 3600


invitation_token_generator = InvitationTokenGenerator()
reset_token_generator = default_token_generator


class AccountLinkTokenGenerator:
    """What the «set a password» page accepts: a reset token (hours) or an invitation (days)."""

    def check_token(self, user, token) -> bool:
        return reset_token_generator.check_token(
            user, token
        ) or invitation_token_generator.check_token(user, token)

    def make_token(self, user) -> str:
        return reset_token_generator.make_token(user)


account_link_token_generator = AccountLinkTokenGenerator()
