from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: staff create accounts and the person is invited by e-mail."""

    def is_open_for_signup(self, request):
        return False
