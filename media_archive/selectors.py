"""Reads of the archive, and the one place that decides what a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from portal.permissions import can_view_everything, is_staff_member
from ppo.selectors import officer_organization

from .models import Album, AlbumExport, MediaItem


def albums_visible_to(user) -> QuerySet[Album]:
    if not user.is_authenticated:
        return Album.objects.filter(visibility=Album.Visibility.PUBLIC)
    if can_view_everything(user):
        return Album.objects.all()
    condition = Q(visibility__in=[Album.Visibility.PUBLIC, Album.Visibility.INTERNAL])
    organization = officer_organization(user)
    if organization is not None:
        condition |= Q(organization=organization)
    return Album.objects.filter(condition)


def albums_manageable_by(user) -> QuerySet[Album]:
    """Albums the user may upload into and edit: staff all, an officer their PPO's."""
    if is_staff_member(user):
        return Album.objects.all()
    organization = officer_organization(user)
    if organization is None:
        return Album.objects.none()
    return Album.objects.filter(organization=organization)


def items_visible_to(user) -> QuerySet[MediaItem]:
    items = MediaItem.objects.filter(album__in=albums_visible_to(user))
    if not user.is_authenticated:
        items = items.exclude(rights=MediaItem.Rights.INTERNAL)
    return items


def _with_cover_and_counts(albums: QuerySet[Album], items: QuerySet[MediaItem]) -> QuerySet[Album]:
    """Counts and the cover thumbnail (the first photo with a rendition) in the same query."""
    album_items = items.filter(album=OuterRef("pk"))
    cover = (
        album_items.filter(kind=MediaItem.Kind.PHOTO)
        .exclude(thumbnail="")
        .order_by("taken_at", "pk")
        .values("pk")[:1]
    )
    count = album_items.order_by().values("album").annotate(n=Count("pk")).values("n")[:1]
    return (
        albums.select_related("organization")
        .prefetch_related("tags")
        .annotate(cover_id=Subquery(cover), item_count=Subquery(count))
    )


@dataclass
class AlbumFilters:
    text: str = ""
    tag: str = ""
    organization_id: int | None = None  # 0: the ЧРО's own albums
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""


def album_search(user, filters: AlbumFilters) -> QuerySet[Album]:
    """Albums the user may see, filtered; each with its cover thumbnail and item count."""
    albums = albums_visible_to(user)
    items = items_visible_to(user)
    if filters.text:
        text = filters.text
        albums = albums.filter(
            Q(title__icontains=text)
            | Q(place__icontains=text)
            | Q(description__icontains=text)
            | Q(tags__name__iexact=text)
            | Exists(
                items.filter(album=OuterRef("pk")).filter(
                    Q(caption__icontains=text) | Q(author_credit__icontains=text)
                )
            )
        ).distinct()
    if filters.tag:
        albums = albums.filter(tags__slug=filters.tag).distinct()
    if filters.organization_id == 0:
        albums = albums.filter(organization__isnull=True)
    elif filters.organization_id:
        albums = albums.filter(organization_id=filters.organization_id)
    if filters.date_from:
        albums = albums.filter(event_date__gte=filters.date_from)
    if filters.date_to:
        albums = albums.filter(event_date__lte=filters.date_to)
    if filters.kind == "photo":
        albums = albums.filter(Exists(items.filter(album=OuterRef("pk"), kind="photo")))
    elif filters.kind == "video":
        albums = albums.filter(
            Exists(items.filter(album=OuterRef("pk"), kind__in=["video", "link"]))
        )
    return _with_cover_and_counts(albums, items).order_by("-event_date", "-pk")


def album_items(user, album: Album) -> QuerySet[MediaItem]:
    """The items of an album the user may see (list pages use renditions only)."""
    items = album.items.all()
    if not user.is_authenticated:
        items = items.exclude(rights=MediaItem.Rights.INTERNAL)
    return items.order_by("taken_at", "pk")


def album_download_items(user, album: Album) -> QuerySet[MediaItem]:
    """The originals the user may download from the album (files only, never links)."""
    return album_items(user, album).filter(kind__in=[MediaItem.Kind.PHOTO, MediaItem.Kind.VIDEO])


def album_zip_is_large(user, album: Album) -> tuple[int, bool]:
    """(number of originals, whether the ZIP must be built by a task: too many or too heavy)."""
    from django.conf import settings
    from django.db.models import Sum

    totals = album_download_items(user, album).aggregate(n=Count("pk"), size=Sum("file_size"))
    large = (
        totals["n"] > settings.ARCHIVE_ZIP_SYNC_MAX_ITEMS
        or (totals["size"] or 0) > settings.ARCHIVE_ZIP_SYNC_MAX_BYTES
    )
    return totals["n"], large


def manageable_album_list(user) -> QuerySet[Album]:
    return _with_cover_and_counts(albums_manageable_by(user), MediaItem.objects.all()).order_by(
        "-event_date", "-pk"
    )


def album_for_page(user, pk: int) -> Album | None:
    return (
        albums_visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("tags"))
        .filter(pk=pk)
        .first()
    )


def exports_of(user) -> QuerySet[AlbumExport]:
    return AlbumExport.objects.filter(requested_by=user).select_related("album")


def popular_tags(user, limit: int = 20):
    from taggit.models import Tag

    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="media_archive",
            taggit_taggeditem_items__object_id__in=albums_visible_to(user).values("pk"),
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:limit]
    )


def photos_for_publication(user) -> QuerySet[MediaItem]:
    """Archive photos a publication may take (for the news form): with renditions, from albums
    the user manages, whose people agreed to publication."""
    return (
        MediaItem.objects.filter(
            album__in=albums_manageable_by(user),
            kind=MediaItem.Kind.PHOTO,
            rights__in=[MediaItem.Rights.SITE, MediaItem.Rights.SOCIAL],
        )
        .exclude(web="")
        .select_related("album")
        .order_by("-album__event_date", "taken_at", "pk")
    )
