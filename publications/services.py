"""Writes of publications: drafting, photos, and the moderation workflow.

The state machine (every transition is recorded as a ModerationEvent):

    draft ──submit──> submitted ──approve──> approved ──publish_due──> published
    changes_requested ──submit──┘   │ └─approve (now)───────────────────────┘
                                    ├──request_changes──> changes_requested
                                    └──reject──> rejected

A submission opens a Review; the moderator's decision closes it (one open review at most,
guarded by a database constraint).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePath

import nh3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from integrations import crossposting
from portal import images, uploads
from portal.jobs import enqueue
from portal.notifications import notify
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.models import PrimaryOrganization
from ppo.selectors import appointments_in_force

from .models import (
    CrossPost,
    ModerationEvent,
    OutsideMediaPublication,
    PrintedIssue,
    Publication,
    PublicationPhoto,
    PublicationVersion,
    Review,
)
from .permissions import can_edit_publication, can_moderate_publication
from .photos import enqueue_photos_sync

MODERATION_KIND = "publications:moderation"
SUBMITTED_KIND = "publications:submitted"
PUBLISHED_KIND = "publications:published"

Status = Publication.Status
logger = logging.getLogger(__name__)

TEXT_FIELDS = (
    "title",
    "lead",
    "body",
    "event_date",
    "category",
    "vk_url",
    "telegram_url",
)

# Body HTML: what the editor's toolbar makes (portal/editor.py): paragraphs, bold, italic, lists,
# links and quotes. Everything else is dropped (its text is kept).
BODY_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}


# What a paste from Word or a website says with other tags: bold and italic as b/i, headings
# (kept as paragraphs of their own). Renamed before cleaning, so the text keeps its emphasis.
_PASTED_TAGS = (
    (re.compile(r"<(/?)b(?=[\s>/])[^>]*>", re.IGNORECASE), r"<\1strong>"),
    (re.compile(r"<(/?)i(?=[\s>/])[^>]*>", re.IGNORECASE), r"<\1em>"),
    (re.compile(r"<(/?)h[1-6](?=[\s>/])[^>]*>", re.IGNORECASE), r"<\1p>"),
)


def sanitize_body(html: str) -> str:
    """Clean a body: only paragraphs, bold, italic, lists, links and quotes; links get
    rel=noopener nofollow. The last word on what is stored, whatever the editor sent.

    Plain text (no tags) is turned into paragraphs, one per blank-line-separated block."""
    html = (html or "").strip()
    if not html:
        return ""
    for pattern, replacement in _PASTED_TAGS:
        html = pattern.sub(replacement, html)
    has_tags = re.search(r"</?[a-zA-Z][^>]*>", html)
    if not re.search(r"<\s*(p|ul|ol|li|blockquote)\b", html, re.IGNORECASE):
        # Typed text: a blank line starts a paragraph, a line break stays a line break.
        blocks = [block.strip() for block in re.split(r"\n\s*\n", html.replace("\r\n", "\n"))]
        html = "".join(
            "<p>"
            + "<br>".join(line if has_tags else nh3.clean_text(line) for line in lines)
            + "</p>"
            for lines in (block.split("\n") for block in blocks)
            if lines != [""]
        )
    clean = nh3.clean(
        html,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    # The editor's empty document is one empty paragraph: that is no text.
    return "" if re.fullmatch(r"(<p>(\s|&nbsp;|<br>)*</p>)*", clean) else clean


def body_as_text(html: str) -> str:
    """A stored body made of paragraphs and line breaks only, back as typed text (for editing);
    anything richer (lists, links) is returned as HTML."""
    import html as html_lib

    if re.search(r"<(?!/?p>|br>)", html or ""):
        return html
    paragraphs = re.findall(r"<p>(.*?)</p>", html or "", re.DOTALL)
    return "\n\n".join(html_lib.unescape(p.replace("<br>", "\n")) for p in paragraphs)


def _record(publication: Publication, *, actor, from_status: str, comment: str = ""):
    return ModerationEvent.objects.create(
        publication=publication,
        actor=actor,
        from_status=from_status,
        to_status=publication.status,
        comment=comment,
    )


def _check_host(value: str, hosts: tuple[str, ...]) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(value).hostname or "").lower().removeprefix("www.")
    return host in hosts


def _validate_links(publication: Publication) -> None:
    errors = {}
    if publication.vk_url and not _check_host(publication.vk_url, ("vk.com", "vk.ru", "m.vk.com")):
        errors["vk_url"] = "Ссылка на пост ВКонтакте должна начинаться с https://vk.com/"
    if publication.telegram_url and not _check_host(
        publication.telegram_url, ("t.me", "telegram.me")
    ):
        errors["telegram_url"] = "Ссылка на пост в Telegram должна начинаться с https://t.me/"
    if errors:
        raise ValidationError(errors, code="social_host")


def _check_edit(user, publication: Publication) -> None:
    if not can_edit_publication(user, publication):
        if publication.status not in Publication.AUTHOR_EDITABLE and not is_staff_member(user):
            raise ValidationError(
                f"Публикацию «{publication.title}» сейчас нельзя изменить: "
                f"она в состоянии «{publication.get_status_display()}».",
                code="not_editable",
            )
        raise PermissionDenied("Нет прав на изменение этой публикации.")


@transaction.atomic
def publication_create(
    *,
    user,
    organization: PrimaryOrganization | None,
    title: str = "",
    lead: str = "",
    body: str = "",
    event_date: dt.date | None = None,
    category: str = "",
    vk_url: str = "",
    telegram_url: str = "",
) -> Publication:
    """A new draft of the user's PPO (or, for staff, of the ЧРО itself with organization=None).

    A draft may be incomplete (even without a title): only submission needs the full set."""
    publication = Publication(
        organization=organization,
        author=user,
        title=title.strip(),
        lead=lead.strip(),
        body=sanitize_body(body),
        event_date=event_date,
        category=category,
        vk_url=vk_url.strip(),
        telegram_url=telegram_url.strip(),
    )
    if not can_edit_publication(user, publication):
        raise PermissionDenied("Нет прав на создание публикации этой организации.")
    publication.full_clean()
    _validate_links(publication)
    publication.save()
    _record(publication, actor=user, from_status=Status.DRAFT, comment="Черновик создан")
    return publication


@transaction.atomic
def publication_update(*, user, publication: Publication, **changes) -> Publication:
    unknown = set(changes) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown publication fields: {unknown}")
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _check_edit(user, publication)
    for name, value in changes.items():
        if name == "body":
            value = sanitize_body(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(publication, name, value)
    publication.full_clean()
    _validate_links(publication)
    publication.save(update_fields=[*changes, "updated_at"])
    return publication


@dataclass
class SaveOutcome:
    """What one save of the news form did (``publication_save``)."""

    publication: Publication
    errors: dict[str, list[str]] = field(default_factory=dict)  # per field; "__all__" too
    photo_errors: list[str] = field(default_factory=list)  # the new files refused, one each
    photos_saved: list[PublicationPhoto] = field(default_factory=list)
    submitted: bool = False

    @property
    def complete(self) -> bool:
        return not (self.errors or self.photo_errors)


def _add_errors(errors: dict[str, list[str]], error: ValidationError) -> None:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error)]
    for name, messages in items:
        errors.setdefault(name, []).extend(
            messages if isinstance(messages, list) else messages.messages
        )


@transaction.atomic
def publication_save(
    *,
    user,
    publication: Publication | None = None,
    organization: PrimaryOrganization | None = None,
    text: dict,
    photos: list[dict] = (),
    files=(),
    credit: str = "",
    submit: bool = False,
) -> SaveOutcome:
    """One save of the news form, in one transaction: the text of a new draft (of
    ``organization``) or of ``publication``, the captions/order/deletion of its photos, the new
    files, and, with ``submit``, the submission.

    Nothing the author typed or uploaded is lost: a text field the rules refuse (a VK link to
    another site) is left out and its message returned while the others are saved; each file is
    checked on its own; the submission happens only when all of it went through, otherwise
    its reasons are returned per field. A refusal that leaves nothing to save (no rights, a
    publication no longer editable) is raised."""
    outcome_errors: dict[str, list[str]] = {}

    def save_text(data):
        if publication is None:
            return publication_create(user=user, organization=organization, **data)
        return publication_update(user=user, publication=publication, **data)

    try:
        saved = save_text(text)
    except ValidationError as error:
        refused = set(getattr(error, "error_dict", {})) & set(text)
        if not refused:
            raise
        saved = save_text({name: value for name, value in text.items() if name not in refused})
        _add_errors(outcome_errors, error)
    outcome = SaveOutcome(publication=saved, errors=outcome_errors)
    if photos:
        try:
            publication_update_photos(user=user, publication=saved, photos=list(photos))
        except ValidationError as error:
            outcome.errors.setdefault("__all__", []).extend(error.messages)
    outcome.photos_saved, outcome.photo_errors = publication_add_photos(
        user=user, publication=saved, files=files, credit=credit
    )
    if submit and outcome.complete:
        try:
            outcome.publication = publication_submit(user=user, publication=saved)
            outcome.submitted = True
        except ValidationError as error:
            _add_errors(outcome.errors, error)
    return outcome


def _photo_count(publication: Publication) -> int:
    return publication.photos.count()


@transaction.atomic
def publication_add_photos(
    *, user, publication: Publication, files, credit: str = ""
) -> tuple[list[PublicationPhoto], list[str]]:
    """Store each acceptable file as a photo of the publication; return (saved, errors).

    Each file is checked on its own, so one rejected file never loses the others; the errors
    are Russian messages naming the file and the limit. The publication is locked: its state,
    which decides whether the files are private (photos.py), cannot change meanwhile."""
    publication = _lock(publication)
    _check_edit(user, publication)
    limit = settings.PORTAL_PUBLICATION_MAX_PHOTOS
    saved, errors = [], []
    count = _photo_count(publication)
    for upload in files:
        name = getattr(upload, "name", "")
        if count >= limit:
            errors.append(
                f"Файл «{name}» не добавлен: у публикации может быть не больше {limit} фотографий."
            )
            continue
        try:
            clean = uploads.check_image(upload, "news_photo")
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        with transaction.atomic():
            photo = PublicationPhoto(
                publication=publication,
                original_name=clean.original_name,
                width=clean.width,
                height=clean.height,
                credit=credit.strip()[:150],
                order=count + 1,
            )
            uploads.store_checked(photo.image, clean.file)
            photo.save()
        count += 1
        saved.append(photo)
        _enqueue_renditions(photo.pk)
    return saved, errors


@transaction.atomic
def publication_add_archive_photos(
    *, user, publication: Publication, item_ids
) -> tuple[list[PublicationPhoto], list[str]]:
    """Copy photos of the archive into the publication; return (saved, errors).

    Only the photos the archive lets this user use (media_archive.selectors.
    photos_for_publication: their PPO's photos whose people agreed to publication; staff: all
    such) may be taken: any other id, however it got into the request, is refused as a whole.
    The stored original (already a clean re-encoding) is copied through the storage API, with its
    caption and author credit; renditions are made by the usual task. Photos already taken from
    the archive are skipped; more than the limit is refused with nothing added."""
    from media_archive.selectors import photos_for_publication

    publication = _lock(publication)  # its state places the files (see publication_add_photos)
    _check_edit(user, publication)
    wanted = list(dict.fromkeys(int(pk) for pk in item_ids))
    if not wanted:
        raise ValidationError("Отметьте фотографии, которые нужно добавить.", code="empty")
    items = {item.pk: item for item in photos_for_publication(user).filter(pk__in=wanted)}
    if len(items) != len(wanted):
        raise PermissionDenied("Эти фотографии из архива вам недоступны.")
    already = set(
        publication.photos.filter(archive_item_id__in=wanted).values_list(
            "archive_item_id", flat=True
        )
    )
    new_ids = [pk for pk in wanted if pk not in already]
    limit = settings.PORTAL_PUBLICATION_MAX_PHOTOS
    count = _photo_count(publication)
    if count + len(new_ids) > limit:
        free = max(limit - count, 0)
        raise ValidationError(
            f"Выбрано фотографий: {len(new_ids)}, а добавить можно ещё только {free}: "
            f"у публикации может быть не больше {limit} фотографий. Снимите лишние отметки.",
            code="too_many_photos",
        )
    saved, errors = [], []
    for pk in new_ids:
        item = items[pk]
        label = item.caption or item.original_name or f"№ {pk}"
        extension = item.original.name.rsplit(".", 1)[-1].lower()
        try:
            with transaction.atomic(), item.original.open("rb") as original:
                photo = PublicationPhoto(
                    publication=publication,
                    original_name=item.original_name[:255],
                    width=item.width or 0,
                    height=item.height or 0,
                    caption=item.caption[:300],
                    credit=item.author_credit[:150],
                    order=count + 1,
                    archive_item_id=item.pk,
                )
                uploads.store_checked(
                    photo.image, File(original), name=images.generated_name(extension)
                )
                photo.save()
        except OSError:
            errors.append(
                f"Фотографию «{label}» не удалось скопировать из архива: файл недоступен."
            )
            continue
        count += 1
        saved.append(photo)
        _enqueue_renditions(photo.pk)
    return saved, errors


def _enqueue_renditions(photo_id: int) -> None:
    """Renditions are made after the commit; kept in the outbox while the broker is down."""
    from .tasks import make_photo_renditions

    enqueue(make_photo_renditions, photo_id)


@transaction.atomic
def publication_update_photos(*, user, publication: Publication, photos: list[dict]) -> None:
    """Change captions, credits and order of photos, or delete them ({"photo", ..., "delete"})."""
    _check_edit(user, publication)
    for item in photos:
        photo = item["photo"]
        if photo.publication_id != publication.pk:
            raise PermissionDenied("Фотография относится к другой публикации.")
        if item.get("delete"):
            photo_delete(photo=photo)
            continue
        photo.caption = item.get("caption", photo.caption).strip()
        photo.credit = item.get("credit", photo.credit).strip()
        photo.order = item.get("order", photo.order)
        photo.full_clean()
        photo.save(update_fields=["caption", "credit", "order"])


def photo_delete(*, photo: PublicationPhoto) -> None:
    files = [f for f in (photo.image, photo.thumbnail, photo.web) if f]
    names = [(f.storage, f.name) for f in files]
    photo.delete()

    def remove():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def photo_make_renditions(
    *, photo: PublicationPhoto, force: bool = False
) -> PublicationPhoto | None:
    """Produce the thumbnail and web renditions (idempotent: done ones are kept unless force).

    The photo's row is locked while they are made, so a move of its files (photos.py) waits or
    has happened: a rendition lands next to the original, private or public with it."""
    photo = PublicationPhoto.objects.select_for_update().filter(pk=photo.pk).first()
    if photo is None:  # deleted since the job was enqueued
        return None
    changed, replaced = [], []
    for key, rendition in images.RENDITIONS.items():
        field = getattr(photo, key)
        if field and not force:
            continue
        with photo.image.open("rb") as original:
            content = images.make_rendition(original, rendition)
        if field:
            replaced.append((field.storage, field.name))
        uploads.store_generated(field, content.name, content)
        changed.append(key)
    if changed:
        photo.save(update_fields=changed)

    def delete_replaced():
        for storage, name in replaced:
            storage.delete(name)

    transaction.on_commit(delete_replaced)
    return photo


# --- The workflow ---------------------------------------------------------------------------


def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def _illegal(publication: Publication, action: str) -> ValidationError:
    return ValidationError(
        f"Нельзя {action} публикацию в состоянии «{publication.get_status_display()}».",
        code="illegal_transition",
    )


def _check_complete(publication: Publication) -> None:
    errors = {}
    if not publication.title:
        errors["title"] = "Напишите заголовок."
    if not publication.lead:
        errors["lead"] = "Напишите анонс: его видят в ленте и при репосте."
    if not publication.body:
        errors["body"] = "Напишите текст публикации."
    if not publication.event_date:
        errors["event_date"] = "Укажите дату события."
    if not publication.category:
        errors["category"] = "Выберите рубрику."
    if errors:
        raise ValidationError(errors, code="incomplete")


@transaction.atomic
def publication_submit(*, user, publication: Publication) -> Publication:
    publication = _lock(publication)
    if publication.status not in Publication.AUTHOR_EDITABLE:
        raise _illegal(publication, "отправить на модерацию")
    _check_edit(user, publication)
    _check_complete(publication)
    now = timezone.now()
    previous = publication.status
    try:
        with transaction.atomic():
            Review.objects.create(publication=publication, opened_at=now, opened_by=user)
    except IntegrityError as error:
        raise ValidationError("Публикация уже на модерации.", code="open_review") from error
    publication.status = Status.SUBMITTED
    publication.submitted_at = now
    publication.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(publication, actor=user, from_status=previous)
    version_record(publication=publication, user=user, at=now)
    _notify_moderators(publication)
    return publication


def version_record(*, publication: Publication, user, at: dt.datetime) -> PublicationVersion:
    """Keep the text as submitted (the publication is locked by the caller, so numbers do not
    collide): the moderator compares the last two submissions word by word."""
    last = publication.versions.order_by("-number").values_list("number", flat=True).first()
    return PublicationVersion.objects.create(
        publication=publication,
        number=(last or 0) + 1,
        title=publication.title,
        lead=publication.lead,
        body=publication.body,
        submitted_at=at,
        submitted_by=user,
    )


def _close_review(publication: Publication, *, user, outcome: str, comment: str) -> None:
    review = Review.objects.select_for_update().filter(
        publication=publication, closed_at__isnull=True
    )
    updated = review.update(
        closed_at=timezone.now(), closed_by=user, outcome=outcome, comment=comment
    )
    if not updated:  # a submission always opens one; be strict about the invariant
        raise ValidationError("У публикации нет открытого рассмотрения.", code="no_review")


def _check_moderator(user, publication: Publication) -> None:
    if not can_moderate_publication(user, publication):
        raise PermissionDenied(f"Модерировать публикации может только аппарат {abbreviation()}.")


MODERATION_TITLES = {
    Status.CHANGES_REQUESTED: "Новость «{title}» возвращена на доработку",
    Status.REJECTED: "Новость «{title}» отклонена",
    Status.APPROVED: "Новость «{title}» одобрена",
}


def _notify(publication: Publication, event: ModerationEvent) -> None:
    """The author's notification in the portal; its e-mail is the app's own (publications/
    notifications.py, which asks the author's preference), so ``notify`` sends none."""
    from .tasks import send_publication_notification

    template = MODERATION_TITLES.get(event.to_status)
    if template and publication.author_id:
        notify(
            [publication.author],
            MODERATION_KIND,
            template.format(title=publication.title or "без заголовка"),
            event.comment,
            reverse("publications:detail", kwargs={"pk": publication.pk})
            if publication.organization_id
            else "",
            email=False,
        )
    enqueue(send_publication_notification, event.pk)


def _notify_moderators(publication: Publication) -> None:
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    notify(
        staff,
        SUBMITTED_KIND,
        f"Новость ждёт модерации: «{publication.title}»",
        str(publication.organization or ""),
        reverse("publications:review", kwargs={"pk": publication.pk}),
        # In the portal only: the queue is the staff's daily page, a mail per news is noise.
        email=False,
    )


@transaction.atomic
def publication_approve(
    *,
    user,
    publication: Publication,
    publish_at: dt.datetime | None = None,
    comment: str = "",
    crosspost: bool = False,
) -> Publication:
    """Approve: publish now (no date, or a date already passed) or at the given moment.

    With ``crosspost`` the publication also goes to the ЧРО's VK wall and Telegram channel (those
    the settings allow) once it is live."""
    _check_moderator(user, publication)
    publication = _lock(publication)
    if publication.status != Status.SUBMITTED:
        raise _illegal(publication, "одобрить")
    now = timezone.now()
    comment = comment.strip()
    _close_review(publication, user=user, outcome=Review.Outcome.APPROVED, comment=comment)
    publication.approved_at = now
    publication.status = Status.APPROVED
    publication.publish_at = publish_at if publish_at and publish_at > now else None
    publication.save(update_fields=["status", "approved_at", "publish_at", "updated_at"])
    event = _record(publication, actor=user, from_status=Status.SUBMITTED, comment=comment)
    if crosspost:
        _crosspost_request(publication, user=user)
    if publication.publish_at is None:
        _publish(publication, actor=user)
    _notify(publication, event)
    return publication


def _publish(publication: Publication, *, actor, at: dt.datetime | None = None) -> None:
    publication.status = Status.PUBLISHED
    publication.published_at = at or timezone.now()
    publication.save(update_fields=["status", "published_at", "updated_at"])
    _record(publication, actor=actor, from_status=Status.APPROVED)
    enqueue_photos_sync(publication)  # its photos go public
    if publication.crossposts.filter(status=CrossPost.Status.WAITING).exists():
        _enqueue_crosspost(publication.pk)


# --- Cross-posting to the ЧРО's own VK wall and Telegram channel ----------------------------------


def _crosspost_request(publication: Publication, *, user) -> None:
    targets = crossposting.targets()
    if not targets:
        raise ValidationError(
            {
                "crosspost": f"Публикация в соцсетях {abbreviation()} не настроена: "
                "не заданы токены ВКонтакте и Telegram."
            },
            code="crosspost_not_configured",
        )
    for platform in targets:
        CrossPost.objects.get_or_create(
            publication=publication, platform=platform, defaults={"requested_by": user}
        )


def _enqueue_crosspost(publication_id: int) -> None:
    from .tasks import crosspost_publication

    transaction.on_commit(lambda: crosspost_publication.delay(publication_id))


def crosspost_text(publication: Publication) -> str:
    """Title and lead (or the beginning of the text): the post's words; the link goes apart."""
    summary = publication.lead.strip() or body_as_text(publication.body)
    if len(summary) > 700:
        summary = summary[:700].rsplit(" ", 1)[0] + "…"
    return f"{publication.title}\n\n{summary}".strip()


def _crosspost_photo(publication: Publication) -> tuple[str, bytes] | None:
    """The first photo's web rendition (or original), read through its storage, private or
    public; its files may have just moved public (photos.py), so a failed read looks again."""
    for attempt in range(2):
        photo = publication.photos.order_by("order", "pk").first()
        if photo is None:
            return None
        image = photo.web or photo.image
        try:
            with image.open("rb") as file:
                return PurePath(image.name).name, file.read()
        except OSError:
            if attempt:
                raise
    return None


def publication_crosspost(*, publication: Publication) -> dict[str, int]:
    """Send a live publication's waiting cross-posts (the task's body).

    Each row is taken under a lock and marked «отправляется» before the request, so that two
    workers never post twice; the request itself is made outside any transaction."""
    summary = {"posted": 0, "failed": 0}
    if publication.status != Status.PUBLISHED:
        return summary
    waiting = publication.crossposts.filter(status=CrossPost.Status.WAITING)
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                CrossPost.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=CrossPost.Status.WAITING)
                .first()
            )
            if row is None:
                continue
            row.status, row.attempted_at = CrossPost.Status.SENDING, timezone.now()
            row.attempts += 1
            row.save(update_fields=["status", "attempted_at", "attempts"])
        try:
            url = crossposting.send(
                row.platform,
                text=crosspost_text(publication),
                photo=_crosspost_photo(publication),
                link=settings.PORTAL_BASE_URL.rstrip("/") + publication.get_absolute_url(),
            )
        except crossposting.IntegrationError as error:
            row.status, row.error, row.url = CrossPost.Status.FAILED, error.message[:300], ""
        except OSError as error:  # the photo's file is gone or unreadable
            logger.warning("Cross-post %s: photo unreadable: %s", row.pk, error)
            row.status, row.url = CrossPost.Status.FAILED, ""
            row.error = "Не удалось прочитать фотографию публикации."
        else:
            row.status, row.url, row.error = CrossPost.Status.POSTED, url, ""
            row.posted_at = timezone.now()
        row.full_clean()
        row.save(update_fields=["status", "url", "error", "posted_at"])
        summary[row.status] += 1
    return summary


@transaction.atomic
def publication_crosspost_retry(*, user, publication: Publication) -> int:
    """Staff send the failed cross-posts of a live publication again; returns how many."""
    _check_moderator(user, publication)
    publication = _lock(publication)
    if publication.status != Status.PUBLISHED:
        raise ValidationError(
            "Повторить можно, когда публикация уже в ленте.", code="crosspost_not_published"
        )
    count = publication.crossposts.filter(status=CrossPost.Status.FAILED).update(
        status=CrossPost.Status.WAITING, error=""
    )
    if count:
        _enqueue_crosspost(publication.pk)
    return count


def _return_to_author(
    *,
    user,
    publication: Publication,
    comment: str,
    outcome,
    to_status,
    verb: str,
    comment_missing: str,
) -> Publication:
    """Close the open review with a comment that reaches the author (changes or rejection)."""
    _check_moderator(user, publication)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": comment_missing}, code="comment_required")
    publication = _lock(publication)
    if publication.status != Status.SUBMITTED:
        raise _illegal(publication, verb)
    _close_review(publication, user=user, outcome=outcome, comment=comment)
    publication.status = to_status
    publication.save(update_fields=["status", "updated_at"])
    event = _record(publication, actor=user, from_status=Status.SUBMITTED, comment=comment)
    _notify(publication, event)
    return publication


@transaction.atomic
def publication_request_changes(*, user, publication: Publication, comment: str) -> Publication:
    return _return_to_author(
        user=user,
        publication=publication,
        comment=comment,
        outcome=Review.Outcome.CHANGES_REQUESTED,
        to_status=Status.CHANGES_REQUESTED,
        verb="вернуть на доработку",
        comment_missing="Напишите автору, что нужно исправить.",
    )


@transaction.atomic
def publication_reject(*, user, publication: Publication, comment: str) -> Publication:
    return _return_to_author(
        user=user,
        publication=publication,
        comment=comment,
        outcome=Review.Outcome.REJECTED,
        to_status=Status.REJECTED,
        verb="отклонить",
        comment_missing="Укажите причину отклонения: её увидит автор.",
    )


def publication_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish the approved publications whose moment has come; returns how many."""
    now = now or timezone.now()
    count = 0
    due = Publication.objects.filter(status=Status.APPROVED, publish_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            publication = (
                Publication.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=Status.APPROVED)
                .first()
            )
            if publication is None:
                continue
            # Public since its moment already (see selectors.published): the date stays.
            _publish(publication, actor=None, at=publication.publish_at)
            _notify_published(publication)
            count += 1
    return count


def _notify_published(publication: Publication) -> None:
    """A news approved «at a date» went live by the schedule: its PPO's officers learn it (at
    approval the author was told the date; nobody is watching when the moment comes)."""
    if not publication.organization_id:
        return
    officers = [
        appointment.user
        for appointment in appointments_in_force()
        .filter(organization_id=publication.organization_id)
        .select_related("user")
    ]
    notify(
        officers,
        PUBLISHED_KIND,
        f"Новость «{publication.title}» опубликована",
        publication.lead,
        reverse("publications:news_detail", kwargs={"pk": publication.pk}),
    )


# --- Outside media and printed issues (records staff keep of what came out) ----------------


def _check_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("Вносить такие записи может только аппарат.")


def outside_media_create(
    *,
    user,
    kind: str,
    outlet: str,
    title: str,
    published_on: dt.date,
    url: str,
    organization: PrimaryOrganization | None = None,
) -> OutsideMediaPublication:
    """Record a publication about the union in an outside outlet or a union periodical."""
    _check_staff(user)
    record = OutsideMediaPublication(
        kind=kind,
        outlet=outlet.strip(),
        title=title.strip(),
        published_on=published_on,
        url=url.strip(),
        organization=organization,
        created_by=user,
    )
    record.full_clean()
    record.save()
    return record


def printed_issue_create(
    *,
    user,
    kind: str,
    title: str,
    issued_on: dt.date,
    copies: int,
    has_social_links: bool = False,
    organization: PrimaryOrganization | None = None,
) -> PrintedIssue:
    """Record a printed bulletin, leaflet, memo or booklet issued by the organization or a PPO."""
    _check_staff(user)
    issue = PrintedIssue(
        kind=kind,
        title=title.strip(),
        issued_on=issued_on,
        copies=copies,
        has_social_links=has_social_links,
        organization=organization,
        created_by=user,
    )
    issue.full_clean()
    issue.save()
    return issue
