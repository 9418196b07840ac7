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

    def send_mail(self, template_prefix, email, context):
        # allauth signs its letters with the request's host («Вас приветствует 127.0.0.1:8106!»);
        # ours name the portal and give its public address instead.
        from django.conf import settings

        context = {"portal_url": settings.PORTAL_BASE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        from .notifications import subject_prefix

        return f"{subject_prefix()}{subject}"

    def render_mail(self, template_prefix, email, context, headers=None):
        from .organization import current_organization

        context = {"portal_organization": current_organization(), **context}
        return super().render_mail(template_prefix, email, context, headers=headers)
