"""E-mail that a retried or repeated task does not send twice.

Every mail of a task goes through ``mail_send_once`` with a key naming its purpose
(``documents.sent:12``); a ``SentMail`` row per key and address records it. The row is locked
while the message goes out, so a second delivery of the same job waits and then skips it; a
failed send leaves the row unsent, so the retry mails only those not reached yet.

Reminders reserve their recipients when the button is pressed (``mail_reserve``): an address
reminded within the cooldown is not reserved again, which makes the count on the page the
number of mails that go out."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import SentMail


def mail_send_once(*, key: str, email: str, build: Callable[[str], EmailMessage]) -> bool:
    """Send ``build(email)`` unless this key's mail already went to this address."""
    email = email.strip().lower()
    with transaction.atomic():
        SentMail.objects.bulk_create([SentMail(key=key, email=email)], ignore_conflicts=True)
        record = SentMail.objects.select_for_update().get(key=key, email=email)
        if record.sent_at:
            return False
        build(email).send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True


def mail_reserve(*, key: str, emails: Iterable[str], cooldown: dt.timedelta) -> list[str]:
    """Reserve the addresses not reserved for this key within ``cooldown``; returns them.

    Call it inside the transaction that enqueues the sending task; two requests at once
    reserve an address once (the second waits for the first's rows and finds them fresh)."""
    emails = sorted({email.strip().lower() for email in emails if email})
    if not emails:
        return []
    SentMail.objects.bulk_create(
        [SentMail(key=key, email=email) for email in emails], ignore_conflicts=True
    )
    now = timezone.now()
    rows = SentMail.objects.select_for_update().filter(key=key, email__in=emails).order_by("pk")
    fresh = [row.pk for row in rows if row.queued_at is None or row.queued_at <= now - cooldown]
    SentMail.objects.filter(pk__in=fresh).update(queued_at=now, sent_at=None)
    reserved = SentMail.objects.filter(pk__in=fresh).order_by("email")
    return list(reserved.values_list("email", flat=True))


def mail_send_reserved(
    *, key: str, build: Callable[[str], EmailMessage], only: Iterable[str] | None = None
) -> int:
    """Send the reserved, not yet sent mails of a key (of the addresses in ``only``, when
    given: those still concerned when the task runs); returns how many went out."""
    sent = 0
    waiting = SentMail.objects.filter(key=key, queued_at__isnull=False, sent_at__isnull=True)
    if only is not None:
        waiting = waiting.filter(email__in={email.strip().lower() for email in only})
    for pk in list(waiting.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            record = (
                SentMail.objects.select_for_update().filter(pk=pk, sent_at__isnull=True).first()
            )
            if record is None:
                continue
            build(record.email).send()
            record.sent_at = timezone.now()
            record.save(update_fields=["sent_at"])
            sent += 1
    return sent
