"""Notifications: in the portal (``Notification``, the bell) and by e-mail, rendered from
templates (templates/<app>/email/<name>_subject.txt and <name>.txt). Sending is always done by a
Celery task, never inside a request.

Apps call ``notify`` from their services; the kinds are registered by the apps (``register_kind``)
so that the preferences page lists them."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .organization import current_organization
from .permissions import is_staff_member


def subject_prefix() -> str:
    """«[Портал ЧРО] » from the organization's record."""
    abbreviation = current_organization().abbreviation
    return f"[Портал {abbreviation}] " if abbreviation else "[Портал] "


def render_email(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    context = {
        "base_url": settings.PORTAL_BASE_URL,
        "portal_organization": current_organization(),
        **context,
    }
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    return EmailMultiAlternatives(
        subject=f"{subject_prefix()}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )


# --- Notifications in the portal (the bell), with an e-mail copy by the person's choice --------

KINDS: dict[str, str] = {}

# Who receives a kind: the committee's staff, PPO officers (the spine registers the predicate,
# portal knows no PPO), or every signed-in person. The preferences page lists a person's kinds.
STAFF = "staff"
OFFICER = "officer"
EVERYONE = "everyone"
AUDIENCE: dict[str, str] = {}
_audiences: dict[str, Callable[[object], bool]] = {
    STAFF: is_staff_member,
    EVERYONE: lambda user: bool(user.is_authenticated),
}


def register_audience(name: str, predicate: Callable[[object], bool]) -> None:
    """Who belongs to an audience (apps add theirs in AppConfig.ready)."""
    _audiences[name] = predicate


def register_kind(kind: str, label: str, *, audience: str = EVERYONE) -> None:
    """A kind of notification with its Russian label and who receives it (the preferences page
    lists a person's kinds); apps register theirs in their due.py."""
    KINDS[kind] = label
    AUDIENCE[kind] = audience


def receives(user, kind: str) -> bool:
    """Whether the person is in the audience of a kind (an audience nobody registered: no)."""
    predicate = _audiences.get(AUDIENCE.get(kind, EVERYONE))
    return bool(predicate and user.is_authenticated and predicate(user))


def kinds(user=None) -> list[tuple[str, str]]:
    """The registered kinds by label: those the person receives, or all when no one is given."""
    found = [(kind, label) for kind, label in KINDS.items() if user is None or receives(user, kind)]
    return sorted(found, key=lambda pair: str(pair[1]))


def staff_members():
    """The committee staff who receive the staff's notifications (active admin accounts)."""
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk")


def email_wanted(user, kind: str) -> bool:
    """Whether the person wants this kind by e-mail too (on unless they turned it off)."""
    from .models import NotificationPreference

    return not NotificationPreference.objects.filter(user=user, kind=kind, email=False).exists()


def notify(users, kind: str, title: str, body: str = "", url: str = "", *, email: bool = True):
    """Notify each active user once in the portal and, when ``email`` and their preference
    allow, by e-mail after the transaction commits (one mail per notification, see
    portal.mail). ``email=False`` where the event's e-mail is sent by the app's own code."""
    from .jobs import enqueue
    from .models import Notification, NotificationPreference
    from .tasks import send_notification_emails

    users = {user.pk: user for user in users if user is not None and user.is_active}
    if not users:
        return []
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, kind=kind, title=title[:300], body=body, url=url[:500])
            for pk in sorted(users)
        ]
    )
    get_user_model().objects.filter(pk__in=list(users)).update(
        unread_notifications=F("unread_notifications") + 1
    )
    if email:
        declined = set(
            NotificationPreference.objects.filter(
                user_id__in=list(users), kind=kind, email=False
            ).values_list("user_id", flat=True)
        )
        mailed = [row.pk for row in rows if row.recipient_id not in declined]
        if mailed:
            enqueue(send_notification_emails, mailed)
    return rows


def notify_once(users, kind: str, title: str, body: str = "", url: str = "", *, since, **kwargs):
    """``notify``, except the people already notified of this kind and link since ``since``
    (a reminder's task run twice, or retried, tells nobody twice)."""
    from .models import Notification

    users = [user for user in users if user is not None]
    told = set(
        Notification.objects.filter(
            recipient_id__in=[user.pk for user in users],
            kind=kind,
            url=url[:500],
            created_at__gte=since,
        ).values_list("recipient_id", flat=True)
    )
    return notify([user for user in users if user.pk not in told], kind, title, body, url, **kwargs)


def email_declined(kind: str) -> set[str]:
    """The (lower-cased) e-mail addresses of the people who turned this kind's e-mail off, for
    the apps that send a kind's mail themselves."""
    from .models import NotificationPreference

    return {
        email.lower()
        for email in NotificationPreference.objects.filter(kind=kind, email=False).values_list(
            "user__email", flat=True
        )
    }


def notification_send_email(*, notification) -> bool:
    """The e-mail copy of a notification (a retried task does not mail twice)."""
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    context = {"notification": notification, "recipient": recipient}
    return _send_once(
        key=f"portal.notification:{notification.pk}",
        email=recipient.email,
        build=lambda to: render_email("portal/email/notification", context, to=[to]),
    )


def _send_once(**kwargs) -> bool:
    from .mail import mail_send_once

    return mail_send_once(**kwargs)


def unread_count(user) -> int:
    """The bell's number: read from the user's row (loaded by every request already)."""
    if not user.is_authenticated:
        return 0
    return user.unread_notifications


def notifications_of(user):
    from .models import Notification

    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's unread notifications (those of ``ids``, or all) read."""
    from .models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    if marked or user.unread_notifications:
        left = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        get_user_model().objects.filter(pk=user.pk).update(unread_notifications=left)
        user.unread_notifications = left
    return marked


def preferences_save(*, user, email_kinds) -> None:
    """Store which of the person's kinds they want by e-mail (each of theirs not given is off;
    kinds meant for others are left alone)."""
    from .models import NotificationPreference

    wanted = set(email_kinds)
    for kind, _label in kinds(user):
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": kind in wanted}
        )


def preferences_of(user) -> dict[str, bool]:
    """The person's kinds and whether each comes by e-mail too."""
    from .models import NotificationPreference

    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: stored.get(kind, True) for kind, _label in kinds(user)}
