"""An e-mail backend for tests: refuses any message to an address at broken.example."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailingAddressBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                if address.endswith("@broken.example"):
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
        return super().send_messages(messages)
