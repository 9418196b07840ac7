"""Forms of allauth's pages, adjusted for a portal without public sign-up (ACCOUNT_FORMS)."""

from allauth.account.forms import ResetPasswordForm, UserTokenForm

from .jobs import enqueue
from .tokens import account_link_token_generator


class PortalUserTokenForm(UserTokenForm):
    """The «set a password» page opens from a reset link (hours) or an invitation (days)."""

    token_generator = account_link_token_generator


class PortalResetPasswordForm(ResetPasswordForm):
    """A reset request does the same for a known and an unknown address: it queues a task.

    The task looks the address up and mails a link only to an account; an unknown address gets
    nothing (sign-up is closed, so there is nothing to invite it to). The request does not wait for
    the mail server, so its time does not tell whether the address has an account."""

    def save(self, request, **kwargs) -> str:
        from .tasks import send_password_reset

        email = self.cleaned_data["email"]
        enqueue(send_password_reset, email)
        return email
