"""Writes of the document exchange and the mailings. Keyword-only, atomic, validated."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import ngettext

from portal import pagecache
from portal.digest import registry as digest_registry
from portal.files import clean_original_name
from portal.jobs import enqueue
from portal.mail import mail_reserve, mail_send_once
from portal.metrics import registry
from portal.models import SentMail
from portal.notifications import (
    email_declined,
    notify,
    notify_once,
    render_email,
    staff_members,
)
from portal.organization import abbreviation, current_organization
from portal.periods import Period
from ppo.models import PrimaryOrganization
from ppo.selectors import appointments_in_force, organizations_active

from . import selectors
from .models import (
    Delivery,
    DigestSubscriber,
    Document,
    Mailing,
    MailingDelivery,
    NewsDigest,
    Submission,
)
from .permissions import can_acknowledge, can_manage_documents, can_submit_documents

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RemindResult:
    """What a reminder did: PPOs that lag, and the mails that go out to their officers."""

    laggards: int
    mails: int


PAST_DEADLINE = (
    "Срок ознакомления не может быть в прошлом: укажите сегодняшнюю или более позднюю дату."
)


def validate_deadline(acknowledge_by: dt.date | None) -> None:
    """A document is never sent with an acknowledgement deadline already behind us (the form,
    the admin and the service all ask this one check)."""
    if acknowledge_by and acknowledge_by < timezone.localdate():
        raise ValidationError({"acknowledge_by": PAST_DEADLINE}, code="past_deadline")


def _check_staff(user) -> None:
    if not can_manage_documents(user):
        raise PermissionDenied(f"Действие доступно только аппарату {abbreviation()}.")


# --- Documents sent to PPOs ---------------------------------------------------------------------


@transaction.atomic
def document_send(
    *,
    user,
    title: str,
    kind: str,
    file,
    organizations: Iterable[PrimaryOrganization] | None = None,
    acknowledge_by: dt.date | None = None,
    is_public: bool = False,
    description: str = "",
    number: str = "",
    dated: dt.date | None = None,
) -> Document:
    """Create a document and deliver it to the chosen PPOs (None: every active PPO); their
    officers get an e-mail once the transaction commits."""
    _check_staff(user)
    validate_deadline(acknowledge_by)
    if organizations is None:
        recipients = list(organizations_active())
    else:
        recipients = list(organizations_active().filter(pk__in=[o.pk for o in organizations]))
    if not recipients:
        raise ValidationError(
            {"organizations": "Выберите хотя бы одну действующую ППО."}, code="no_recipients"
        )
    document = Document(
        title=title.strip(),
        kind=kind,
        file=file,
        original_name=clean_original_name(getattr(file, "name", "")),
        is_public=is_public,
        acknowledge_by=acknowledge_by,
        description=description.strip(),
        number=number.strip(),
        dated=dated,
        created_by=user,
        sent_at=timezone.now(),
    )
    document.full_clean()
    document.save()
    deliveries_create(document=document, organizations=recipients)
    return document


def deliveries_create(*, document: Document, organizations: Iterable[PrimaryOrganization]) -> int:
    """Deliver a document to more PPOs (those that have it already are skipped)."""
    now = timezone.now()
    organizations = list(organizations)
    had = set(
        Delivery.objects.filter(
            document=document, organization__in=[o.pk for o in organizations]
        ).values_list("organization_id", flat=True)
    )
    created = Delivery.objects.bulk_create(
        [
            Delivery(document=document, organization=organization, delivered_at=now)
            for organization in organizations
        ],
        ignore_conflicts=True,
    )
    # bulk_create sends no signal: what is kept from the deliveries (the PPOs' first steps, the
    # dashboard's figures) is stale.
    pagecache.bump(pagecache.METRICS)
    if document.sent_at is None:
        document.sent_at = now
        document.save(update_fields=["sent_at"])
    from .tasks import notify_document_sent

    organization_ids = [organization.pk for organization in organizations]
    enqueue(notify_document_sent, document.pk, organization_ids)
    document_notify_officers(document, [pk for pk in organization_ids if pk not in had])
    return len(created)


SENT_KIND = "documents:sent"
SUBMITTED_KIND = "documents:submitted"


def document_notify_officers(document: Document, organization_ids: Iterable[int]) -> None:
    """The officers of the PPOs that got the document now, in the portal; their e-mail is the
    app's own (tasks.notify_document_sent, which asks the same preference)."""
    organization_ids = list(organization_ids)
    if not organization_ids:
        return
    officers = [
        appointment.user
        for appointment in appointments_in_force()
        .filter(organization_id__in=organization_ids)
        .select_related("user")
    ]
    notify(
        officers,
        SENT_KIND,
        f"Получен документ «{document.title}»",
        document.description,
        f"{reverse('documents:cabinet_list')}#document-{document.pk}",
        email=False,
    )


def delivery_open(*, user, delivery: Delivery) -> Delivery:
    """Record the first opening of a delivered document by the PPO's officer."""
    if not can_acknowledge(user, delivery) or delivery.opened_at:
        return delivery
    now = timezone.now()
    # A conditional update: two simultaneous downloads record one (the first) opening.
    if Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
        opened_at=now, opened_by=user
    ):
        delivery.opened_at, delivery.opened_by = now, user
        # An update sends no signal: what is kept from the deliveries (the first steps, the
        # dashboard's figures) is stale.
        pagecache.bump(pagecache.METRICS)
    return delivery


@transaction.atomic
def delivery_acknowledge(*, user, delivery: Delivery) -> Delivery:
    if not can_acknowledge(user, delivery):
        raise PermissionDenied("Подтвердить ознакомление может ответственный этой ППО.")
    delivery = Delivery.objects.select_for_update().select_related("document").get(pk=delivery.pk)
    if not delivery.document.requires_acknowledgement:
        raise ValidationError(
            "Этот документ не требует подтверждения ознакомления.", code="not_required"
        )
    if delivery.acknowledged_at:
        raise ValidationError("Ознакомление уже подтверждено.", code="already_acknowledged")
    now = timezone.now()
    fields = ["acknowledged_at", "acknowledged_by"]
    if delivery.opened_at is None:
        delivery.opened_at, delivery.opened_by = now, user
        fields += ["opened_at", "opened_by"]
    delivery.acknowledged_at, delivery.acknowledged_by = now, user
    delivery.save(update_fields=fields)
    return delivery


def reminder_key(document: Document) -> str:
    """The purpose of a document's reminder mails (see portal.mail)."""
    return f"documents.reminder:{document.pk}"


@transaction.atomic
def document_remind_laggards(*, user, document: Document) -> RemindResult:
    """E-mail the officers of the PPOs that have not acknowledged (or, for a document without
    acknowledgement, not opened) the document, except those reminded of it within
    ``DOCUMENTS_REMINDER_COOLDOWN_HOURS`` (a double click mails nobody twice)."""
    _check_staff(user)
    laggards = selectors.laggard_deliveries(document)
    if not laggards:
        return RemindResult(laggards=0, mails=0)
    _notify_reminded(document, laggards)
    by_organization = selectors.officer_emails([delivery.organization_id for delivery in laggards])
    # Those who turned the reminder's e-mail off are not mailed (nor counted).
    declined = email_declined(REMINDER_KIND)
    emails = mail_reserve(
        key=reminder_key(document),
        emails=[
            email
            for group in by_organization.values()
            for email in group
            if email.lower() not in declined
        ],
        cooldown=dt.timedelta(hours=settings.DOCUMENTS_REMINDER_COOLDOWN_HOURS),
    )
    if emails:
        reached = {
            delivery.pk
            for delivery in laggards
            if set(map(str.lower, by_organization.get(delivery.organization_id, []))) & set(emails)
        }
        Delivery.objects.filter(pk__in=reached).update(reminded_at=timezone.now())
        from .tasks import send_document_reminders

        enqueue(send_document_reminders, document.pk, [delivery.pk for delivery in laggards])
    return RemindResult(laggards=len(laggards), mails=len(emails))


REMINDER_KIND = "documents:reminder"


def _notify_reminded(document: Document, laggards) -> None:
    """The lagging PPOs' officers find the reminder in the portal too, those who turned its
    e-mail off as well (the mail is the app's own: tasks.send_document_reminders); nobody twice
    within the cooldown."""
    officers = [
        appointment.user
        for appointment in appointments_in_force()
        .filter(organization_id__in=[delivery.organization_id for delivery in laggards])
        .select_related("user")
    ]
    action = "откройте документ"
    if document.requires_acknowledgement:
        action = "ознакомьтесь с документом"
    deadline = f" до {document.acknowledge_by:%d.%m.%Y}" if document.acknowledge_by else ""
    cooldown = dt.timedelta(hours=settings.DOCUMENTS_REMINDER_COOLDOWN_HOURS)
    notify_once(
        officers,
        REMINDER_KIND,
        f"Напоминание: {action} «{document.title}»{deadline}",
        document.description,
        f"{reverse('documents:cabinet_list')}#document-{document.pk}",
        since=timezone.now() - cooldown,
        email=False,
    )


def reminder_message(mails: int) -> str:
    """«Напоминание отправлено 7 ответственным»: the mails that actually go out."""
    return ngettext(
        "Напоминание отправлено %(count)d ответственному.",
        "Напоминание отправлено %(count)d ответственным.",
        mails,
    ) % {"count": mails}


def reminder_cooldown_message() -> str:
    hours = settings.DOCUMENTS_REMINDER_COOLDOWN_HOURS
    return ngettext(
        "Всем ответственным отстающих ППО уже напоминали за последний %(hours)d час: "
        "повторное письмо не отправлено.",
        "Всем ответственным отстающих ППО уже напоминали за последние %(hours)d часа: "
        "повторное письмо не отправлено.",
        hours,
    ) % {"hours": hours}


# --- Documents sent by PPOs to the ЧРО ----------------------------------------------------------


@transaction.atomic
def submission_create(
    *, user, organization: PrimaryOrganization, kind: str, title: str, file, comment: str = ""
) -> Submission:
    if not can_submit_documents(user):
        raise PermissionDenied("Отправлять документы может ответственный ППО.")
    submission = Submission(
        organization=organization,
        kind=kind,
        title=title.strip(),
        comment=comment.strip(),
        file=file,
        original_name=clean_original_name(getattr(file, "name", "")),
        submitted_by=user,
    )
    submission.full_clean()
    submission.save()
    notify(
        staff_members(),
        SUBMITTED_KIND,
        f"Документ от {organization.short_name}: «{submission.title}»",
        submission.comment,
        reverse("documents:inbox"),
    )
    return submission


@transaction.atomic
def submission_process(*, user, submission: Submission, note: str = "") -> Submission:
    _check_staff(user)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.PROCESSED:
        raise ValidationError("Документ уже обработан.", code="already_processed")
    submission.status = Submission.Status.PROCESSED
    submission.processed_at = timezone.now()
    submission.processed_by = user
    submission.staff_note = note.strip()
    submission.full_clean()
    submission.save(update_fields=["status", "processed_at", "processed_by", "staff_note"])
    return submission


# --- Mailings -----------------------------------------------------------------------------------

# The editor's toolbar (portal/editor.py) makes p, strong, em, lists, links and blockquote; the
# others stay for mailings written before it.
ALLOWED_TAGS = {
    *("p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3"),
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(html: str) -> str:
    """The formatted text of a mailing: a small allow-list of tags, links to http(s)/mailto."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def mailing_recipients(mailing: Mailing) -> list[str]:
    """The addresses of the mailing's segment, as of now (sorted, without duplicates)."""
    segment = Mailing.Segment
    if mailing.segment == segment.DIGEST:
        return selectors.digest_subscriber_emails()
    if mailing.segment == segment.ALL_OFFICERS:
        by_organization = selectors.officer_emails()
    elif mailing.segment == segment.CHOSEN_OFFICERS:
        ids = list(mailing.organizations.values_list("pk", flat=True))
        by_organization = selectors.officer_emails(ids)
    else:
        by_organization = selectors.officer_emails(signalled_organization_ids(mailing))
    return sorted({email.lower() for emails in by_organization.values() for email in emails})


def signalled_organization_ids(mailing: Mailing, period: Period | None = None) -> list[int]:
    """Active PPOs whose signal metric for the previous month is unknown or zero."""
    metric = registry.get(mailing.signal_metric)
    period = period or Period.current_month().previous()
    ids = registry.organizations(period)
    values = metric.values(period, ids)
    return [pk for pk in ids if not values.get(pk)]


def mailing_validate(mailing: Mailing) -> None:
    errors = {}
    if mailing.segment == Mailing.Segment.SIGNAL_OFFICERS:
        if mailing.signal_metric not in registry:
            errors["signal_metric"] = "Выберите показатель, по которому отбираются ППО."
    elif mailing.signal_metric:
        errors["signal_metric"] = "Показатель указывают только для сегмента с сигналом."
    if not strip_tags(mailing.body_html).strip():
        errors["body_html"] = "Напишите текст письма."
    if errors:
        raise ValidationError(errors, code="invalid_mailing")


@transaction.atomic
def mailing_send(*, user, mailing: Mailing) -> int:
    """Queue the mailing for its segment's current recipients and start sending after commit.

    Running it again adds only new addresses: a delivery row exists once per address, and only
    rows still waiting are sent, so nobody gets the mailing twice. Returns the new rows."""
    _check_staff(user)
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    mailing_validate(mailing)
    if mailing.segment == Mailing.Segment.CHOSEN_OFFICERS and not mailing.organizations.exists():
        raise ValidationError(
            {"organizations": "Выберите ППО, ответственным которых отправить письмо."},
            code="no_organizations",
        )
    recipients = mailing_recipients(mailing)
    if not recipients and not mailing.deliveries.exists():
        raise ValidationError("В выбранном сегменте нет ни одного адреса.", code="no_recipients")
    before = mailing.deliveries.count()
    MailingDelivery.objects.bulk_create(
        [MailingDelivery(mailing=mailing, email=email) for email in recipients],
        ignore_conflicts=True,
    )
    mailing.status = Mailing.Status.SENDING
    mailing.started_at = mailing.started_at or timezone.now()
    mailing.finished_at = None
    mailing.save(update_fields=["status", "started_at", "finished_at"])
    from .tasks import send_mailing_batch

    enqueue(send_mailing_batch, mailing.pk)
    return mailing.deliveries.count() - before


def mailing_retry_failed(*, user, mailing: Mailing) -> int:
    """Put the failed addresses back in the queue (they never got the mailing)."""
    _check_staff(user)
    count = mailing.deliveries.filter(status=MailingDelivery.Status.FAILED).update(
        status=MailingDelivery.Status.PENDING, error=""
    )
    if count:
        mailing_send(user=user, mailing=mailing)
    return count


def _build_message(mailing: Mailing, email: str, attachments: list[tuple[str, bytes, str]]):
    from portal.files import CONTENT_TYPES

    body_html = mailing.body_html
    text = strip_tags(body_html.replace("</p>", "</p>\n").replace("<br>", "\n")).strip()
    headers = {}
    if mailing.segment == Mailing.Segment.DIGEST:
        url = unsubscribe_url(email)
        text += f"\n\n--\nОтписаться от рассылки: {url}\n"
        body_html += (
            f"<hr><p><small>Вы получили это письмо, потому что подписались на дайджест "
            f'новостей {abbreviation()}. <a href="{url}">Отписаться</a></small></p>'
        )
        headers.update(unsubscribe_headers(url))
    message = EmailMultiAlternatives(
        subject=mailing.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers=headers,
    )
    message.attach_alternative(body_html, "text/html")
    for name, content, extension in attachments:
        message.attach(name, content, CONTENT_TYPES.get(extension, "application/octet-stream"))
    return message


def mailing_send_batch(*, mailing_id: int, batch_size: int | None = None) -> int:
    """Send one batch of a mailing's waiting rows; returns how many rows still wait.

    Each row is claimed with a conditional update before its message goes out, so two workers
    never send to the same address; a failing address is logged with its reason and the batch
    goes on."""
    batch_size = batch_size or settings.MAILING_BATCH_SIZE
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    waiting = MailingDelivery.objects.filter(mailing=mailing, status=MailingDelivery.Status.PENDING)
    rows = list(waiting.order_by("pk")[:batch_size])
    attachments = []
    for attachment in mailing.attachments.all():
        with attachment.file.open("rb") as file:
            content = file.read()
        attachments.append(
            (
                attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
                content,
                attachment.file.name.rsplit(".", 1)[-1].lower(),
            )
        )
    connection = get_connection()
    for row in rows:
        claimed = MailingDelivery.objects.filter(
            pk=row.pk, status=MailingDelivery.Status.PENDING
        ).update(status=MailingDelivery.Status.SENDING, attempted_at=timezone.now())
        if not claimed:
            continue
        try:
            message = _build_message(mailing, row.email, attachments)
            message.connection = connection
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure of one address is logged
            logger.warning("Mailing %s to %s failed: %s", mailing.pk, row.email, error)
            MailingDelivery.objects.filter(pk=row.pk).update(
                status=MailingDelivery.Status.FAILED, error=str(error)[:500] or repr(error)
            )
        else:
            MailingDelivery.objects.filter(pk=row.pk).update(
                status=MailingDelivery.Status.SENT, sent_at=timezone.now(), error=""
            )
    remaining = waiting.count()
    if not remaining:
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.SENT, finished_at=timezone.now()
        )
    return remaining


# --- The public digest: double opt-in and one-click unsubscribe ---------------------------------

CONFIRM_SALT = "documents.digest.confirm"
UNSUBSCRIBE_SALT = "documents.digest.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=15)


def confirm_url(email: str) -> str:
    token = signing.dumps(email.lower(), salt=CONFIRM_SALT, compress=True)
    return settings.PORTAL_BASE_URL + reverse("documents:digest_confirm", args=[token])


def unsubscribe_url(email: str) -> str:
    token = signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT, compress=True)
    return settings.PORTAL_BASE_URL + reverse("documents:digest_unsubscribe", args=[token])


@transaction.atomic
def digest_subscribe(*, email: str) -> DigestSubscriber:
    """Leave an address: it gets a confirmation link and receives nothing until it is used.

    A confirmed subscriber is left as is (the answer on the page is the same, so the form does
    not tell whether an address is subscribed)."""
    email = email.strip().lower()
    subscriber, _created = DigestSubscriber.objects.select_for_update().get_or_create(email=email)
    if subscriber.status == DigestSubscriber.Status.CONFIRMED:
        return subscriber
    now = timezone.now()
    recently = subscriber.confirmation_sent_at and (
        now - subscriber.confirmation_sent_at < CONFIRM_RESEND_AFTER
    )
    if subscriber.status == DigestSubscriber.Status.PENDING and recently:
        return subscriber  # one confirmation at a time: the form is no way to flood a mailbox
    subscriber.status = DigestSubscriber.Status.PENDING
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["status", "confirmation_sent_at"])
    from .tasks import send_digest_confirmation

    enqueue(send_digest_confirmation, subscriber.pk)
    return subscriber


def _email_from_token(token: str, *, salt: str, max_age: int | None) -> str:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            "Ссылка устарела. Оставьте адрес ещё раз — мы пришлём новую.", code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError("Ссылка повреждена или недействительна.", code="bad_token") from None


def digest_confirm_email(*, token: str) -> str:
    """The address a confirmation link is for (the link is checked, nothing is written)."""
    return _email_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def digest_unsubscribe_email(*, token: str) -> str:
    """The address an unsubscribe link is for (the link is checked, nothing is written)."""
    return _email_from_token(token, salt=UNSUBSCRIBE_SALT, max_age=None)


@transaction.atomic
def digest_confirm(*, token: str) -> DigestSubscriber:
    email = _email_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscriber = DigestSubscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None or subscriber.status == DigestSubscriber.Status.UNSUBSCRIBED:
        raise ValidationError(
            "Подписка по этой ссылке отменена. Оставьте адрес ещё раз.", code="unsubscribed"
        )
    if subscriber.status == DigestSubscriber.Status.PENDING:
        subscriber.status = DigestSubscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


@transaction.atomic
def digest_unsubscribe(*, token: str) -> str:
    """One click: the address gets no more digests. Idempotent; returns the address."""
    email = _email_from_token(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    DigestSubscriber.objects.filter(email=email).exclude(
        status=DigestSubscriber.Status.UNSUBSCRIBED
    ).update(status=DigestSubscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    return email


# --- The monthly news digest --------------------------------------------------------------------


def unsubscribe_headers(url: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058): mail clients offer it and POST to the link."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def news_digest_subject(period: Period) -> str:
    return f"Новости за {period} года"


@transaction.atomic
def news_digest_compile(*, period: Period) -> NewsDigest | None:
    """Freeze the month's digest from the registered sections (``portal.digest``) and send it
    to the confirmed subscribers after commit; None when the month had no news (nothing sent).

    A month is compiled once: a second run finds the digest and sends it again, which reaches
    only the addresses not mailed yet (``portal.mail.mail_send_once``)."""
    month = period.first_day
    digest = NewsDigest.objects.filter(month=month).first()
    if digest is None:
        content = digest_registry.collect(period)
        count = sum(len(section["items"]) for section in content)
        if not count:
            logger.info("No news in %s: the digest is not sent", period.code)
            return None
        digest, _created = NewsDigest.objects.get_or_create(
            month=month,
            defaults={
                "subject": news_digest_subject(period),
                "content": content,
                "item_count": count,
            },
        )
    from .tasks import send_news_digest

    enqueue(send_news_digest, digest.pk)
    return digest


def news_digest_context(digest: NewsDigest) -> dict:
    """The letter's sections with absolute links (the same for every subscriber)."""
    base = settings.PORTAL_BASE_URL
    sections = []
    for section in digest.content:
        items = [
            {**item, "url": base + item["path"], "date": dt.date.fromisoformat(item["date"])}
            for item in section["items"]
        ]
        sections.append({**section, "items": items})
    month = Period.month(digest.month.year, digest.month.month)
    return {"digest": digest, "sections": sections, "period": month}


def news_digest_message(digest: NewsDigest, email: str, context: dict | None = None):
    url = unsubscribe_url(email)
    context = {**(context or news_digest_context(digest)), "unsubscribe_url": url}
    message = render_email("documents/email/news_digest", context, to=[email])
    message.attach_alternative(
        render_to_string("documents/email/news_digest.html", _with_organization(context)),
        "text/html",
    )
    message.extra_headers.update(unsubscribe_headers(url))
    return message


def _with_organization(context: dict) -> dict:
    return {
        "base_url": settings.PORTAL_BASE_URL,
        "portal_organization": current_organization(),
        **context,
    }


def news_digest_send(*, digest: NewsDigest) -> int:
    """Mail the digest to every confirmed subscriber not mailed it yet; returns how many mails
    went out. Unconfirmed and unsubscribed addresses are never among the recipients."""
    context = news_digest_context(digest)
    sent = 0
    for email in selectors.digest_subscriber_emails():
        if mail_send_once(
            key=digest.mail_key,
            email=email,
            build=lambda to: news_digest_message(digest, to, context),
        ):
            sent += 1
    digest.recipient_count = SentMail.objects.filter(
        key=digest.mail_key, sent_at__isnull=False
    ).count()
    digest.finished_at = timezone.now()
    digest.save(update_fields=["recipient_count", "finished_at"])
    return sent
