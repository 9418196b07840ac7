"""Writes of the archive: albums, uploads (photos, videos, links), moves and ZIP exports."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from portal import pagecache, uploads
from portal.images import RENDITIONS, make_rendition
from portal.jobs import enqueue
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.models import PrimaryOrganization
from ppo.selectors import officer_organization

from . import exif, video
from .models import Album, AlbumExport, MediaItem
from .permissions import can_manage_album, can_manage_archive

logger = logging.getLogger(__name__)

ALBUM_FIELDS = ("title", "event_date", "place", "description", "visibility")


def _require_manager(user, album: Album) -> None:
    if not can_manage_album(user, album):
        raise PermissionDenied("Этот альбом принадлежит другой организации.")


@transaction.atomic
def album_create(
    *,
    user,
    title: str,
    event_date: dt.date,
    place: str = "",
    description: str = "",
    visibility: str = Album.Visibility.INTERNAL,
    tags: Iterable[str] = (),
    organization: PrimaryOrganization | None = None,
) -> Album:
    """An officer's album always belongs to their PPO; staff choose (None: the ЧРО's)."""
    if not can_manage_archive(user):
        raise PermissionDenied(
            f"Создавать альбомы могут ответственные ППО и аппарат {abbreviation()}."
        )
    if not is_staff_member(user):
        organization = officer_organization(user)
    album = Album(
        title=title,
        event_date=event_date,
        place=place,
        description=description,
        visibility=visibility,
        organization=organization,
        created_by=user,
    )
    album.full_clean()
    album.save()
    album.tags.set(list(tags))
    return album


@transaction.atomic
def album_update(*, user, album: Album, tags: Iterable[str] | None = None, **fields) -> Album:
    _require_manager(user, album)
    allowed = set(ALBUM_FIELDS) | ({"organization"} if is_staff_member(user) else set())
    unknown = set(fields) - allowed
    if unknown:
        raise PermissionDenied(f"Нельзя менять: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(album, name, value)
    album.full_clean()
    album.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        album.tags.set(list(tags))
    return album


def _enqueue_renditions(item: MediaItem) -> None:
    from .tasks import make_renditions

    enqueue(make_renditions, item.pk)


@transaction.atomic
def photo_add(
    *,
    user,
    album: Album,
    upload,
    caption: str = "",
    author_credit: str = "",
    rights: str = MediaItem.Rights.SITE,
) -> MediaItem:
    """Validate and re-encode a photo (orientation applied, EXIF and GPS dropped, the date taken
    kept) and store it under a generated name; renditions follow from a task after commit."""
    _require_manager(user, album)
    taken_at = exif.date_taken(upload)
    clean = uploads.check_image(upload, "archive_photo")
    item = MediaItem(
        album=album,
        kind=MediaItem.Kind.PHOTO,
        original_name=clean.original_name,
        file_size=clean.file.size,
        width=clean.width,
        height=clean.height,
        caption=caption,
        author_credit=author_credit,
        rights=rights,
        taken_at=taken_at,
        uploaded_by=user,
    )
    uploads.store_checked(item.original, clean.file)
    try:
        item.full_clean()
    except ValidationError:
        item.original.delete(save=False)
        raise
    item.save()
    _enqueue_renditions(item)
    return item


@transaction.atomic
def video_add(
    *,
    user,
    album: Album,
    upload=None,
    url: str = "",
    caption: str = "",
    author_credit: str = "",
    rights: str = MediaItem.Rights.SITE,
    duration: dt.timedelta | None = None,
) -> MediaItem:
    """A video file (MP4/WebM, checked by content and size) or a VK Video/RuTube/YouTube link."""
    _require_manager(user, album)
    if bool(upload) == bool(url):
        raise ValidationError(
            {"upload": ValidationError("Загрузите файл или укажите ссылку — одно из двух.")},
            code="file_or_link",
        )
    item = MediaItem(
        album=album,
        caption=caption,
        author_credit=author_credit,
        rights=rights,
        duration=duration,
        uploaded_by=user,
    )
    if url:
        try:
            item.platform, item.embed_url = video.embed_for(url)
        except ValidationError as error:
            raise ValidationError({"url": error}) from None
        item.kind = MediaItem.Kind.VIDEO_LINK
        item.video_url = url
        item.full_clean()
        item.save()
        return item
    try:
        clean = video.clean_video(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error}) from None
    item.kind = MediaItem.Kind.VIDEO
    item.original_name = upload.name.rsplit("/", 1)[-1][:255]
    item.file_size = upload.size
    item.duration = duration or clean.duration
    upload.seek(0)
    uploads.store_checked(item.original, File(upload), name=clean.name)
    try:
        item.full_clean()
    except ValidationError:
        item.original.delete(save=False)
        raise
    item.save()
    return item


@transaction.atomic
def item_delete(*, user, item: MediaItem) -> None:
    _require_manager(user, item.album)
    files = [f for f in (item.original, item.thumbnail, item.web) if f]
    item.delete()
    names = [(f.storage, f.name) for f in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@transaction.atomic
def items_move(*, user, items: Iterable[MediaItem], album: Album) -> int:
    """Staff move items between albums (any organizations)."""
    if not is_staff_member(user):
        raise PermissionDenied(
            f"Перемещать материалы между альбомами может аппарат {abbreviation()}."
        )
    ids = [item.pk for item in items]
    moved = MediaItem.objects.filter(pk__in=ids).exclude(album=album).update(album=album)
    pagecache.bump("archive")  # an update sends no signal: the albums' pages change here
    return moved


def item_renditions_make(*, item_id: int) -> MediaItem | None:
    """Thumbnail and web size of a photo (idempotent: existing renditions are kept)."""
    item = MediaItem.objects.filter(pk=item_id, kind=MediaItem.Kind.PHOTO).first()
    if item is None or not item.original or (item.thumbnail and item.web):
        return item
    with item.original.open("rb") as source:
        thumbnail = make_rendition(source, RENDITIONS["thumbnail"])
        web = make_rendition(source, RENDITIONS["web"])
    uploads.store_generated(item.thumbnail, thumbnail.name, thumbnail)
    uploads.store_generated(item.web, web.name, web)
    item.save(update_fields=["thumbnail", "web"])
    return item


def album_zip_write(items: Iterable[MediaItem], target) -> int:
    """Write the originals of ``items`` into a ZIP in the open binary file ``target``."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for item in items:
            if not item.original:
                continue
            info = zipfile.ZipInfo(item.download_name, date_time=_zip_time(item))
            with item.original.open("rb") as source, archive.open(info, "w") as dest:
                shutil.copyfileobj(source, dest, 1024 * 1024)
            count += 1
    return count


def _zip_time(item: MediaItem) -> tuple:
    moment = timezone.localtime(item.taken_at or item.created_at)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)


@transaction.atomic
def album_export_request(*, user, album: Album) -> AlbumExport:
    """A ZIP of a large album for this user, built by a task. A pending request younger than
    ARCHIVE_EXPORT_PENDING_MINUTES is reused; an older one is taken as lost and marked failed."""
    if not user.is_authenticated:
        raise PermissionDenied("Войдите, чтобы заказать архив альбома.")
    pending = AlbumExport.objects.filter(
        album=album, requested_by=user, status=AlbumExport.Status.PENDING
    )
    cutoff = timezone.now() - dt.timedelta(minutes=settings.ARCHIVE_EXPORT_PENDING_MINUTES)
    recent = pending.filter(created_at__gte=cutoff).order_by("-created_at").first()
    if recent:
        return recent
    pending.filter(created_at__lt=cutoff).update(
        status=AlbumExport.Status.FAILED, finished_at=timezone.now()
    )
    export = AlbumExport.objects.create(album=album, requested_by=user)
    from .tasks import build_album_export

    enqueue(build_album_export, export.pk)
    return export


def album_export_build(*, export_id: int) -> AlbumExport | None:
    """Build the ZIP of the originals the requester may download (the task then notifies them).

    On any error the export is marked failed, a partly written file is removed and the error is
    raised again (the task retries a passing OSError; a retry may still succeed)."""
    import tempfile

    from .selectors import album_download_items

    export = (
        AlbumExport.objects.select_related("album", "requested_by").filter(pk=export_id).first()
    )
    if export is None or export.status == AlbumExport.Status.READY:
        return export
    items = album_download_items(export.requested_by, export.album)
    try:
        with tempfile.TemporaryFile() as target:
            count = album_zip_write(items, target)
            target.seek(0)
            uploads.store_generated(export.file, "album.zip", File(target))
        export.item_count = count
        export.status = AlbumExport.Status.READY
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "item_count", "status", "finished_at"])
    except Exception:
        logger.exception("The ZIP of album %s (export %s) failed", export.album_id, export.pk)
        if export.file:
            export.file.delete(save=False)
        AlbumExport.objects.filter(pk=export.pk).update(
            file="", status=AlbumExport.Status.FAILED, finished_at=timezone.now()
        )
        export.status = AlbumExport.Status.FAILED
        raise
    return export


@transaction.atomic
def exports_delete_old(*, now: dt.datetime | None = None) -> int:
    """Delete exports (and their files) requested more than ARCHIVE_EXPORT_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ARCHIVE_EXPORT_RETENTION_DAYS)
    old = AlbumExport.objects.filter(created_at__lt=cutoff)
    files = [(export.file.storage, export.file.name) for export in old if export.file]
    deleted = old.delete()[1].get(AlbumExport._meta.label, 0)
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return deleted
