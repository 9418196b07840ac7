from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: staff create accounts and the person is invited by e-mail."""

    # allauth's Russian catalog leaves this one untranslated.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Слишком много неудачных попыток входа. Подождите несколько минут и попробуйте снова."
        ),
    }

    def is_open_for_signup(self, request):
        return False
