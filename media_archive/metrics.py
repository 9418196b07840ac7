"""Metrics of the archive (see portal.metrics): albums and items added per PPO in a period."""

from django.db.models import Count

from portal.metrics import FLOW, metric

from .models import Album, MediaItem


def _counts(queryset, field: str, organization_ids: list[int]) -> dict[int, int]:
    rows = (
        queryset.filter(**{f"{field}__in": organization_ids})
        .values(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    result = dict.fromkeys(organization_ids, 0)  # nothing archived is a fact, not unknown
    result.update(dict(rows))
    return result


@metric(
    "media_archive.albums", label="Альбомы в фотоархиве, созданные за период", unit="шт.", kind=FLOW
)
def albums(period, organization_ids):
    created = Album.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    return _counts(created, "organization_id", organization_ids)


@metric(
    "media_archive.items",
    label="Фото и видео, добавленные в архив за период",
    unit="шт.",
    kind=FLOW,
)
def items(period, organization_ids):
    added = MediaItem.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    return _counts(added, "album__organization_id", organization_ids)


def _own_added(period, queryset, field):
    return queryset.filter(
        **{f"{field}__isnull": True},
        created_at__gte=period.start,
        created_at__lt=period.end,
    )


@metric(
    "media_archive.own_albums",
    label="Альбомы мероприятий организации, созданные в фотоархиве за период",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _own_added(period, Album.objects, "organization").count(),
)
def own_albums(period, organization_ids):
    # Albums of the organization itself belong to no PPO: the metric has a total only.
    return {}


@metric(
    "media_archive.own_items",
    label="Фото и видео организации, добавленные в архив за период",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _own_added(period, MediaItem.objects, "album__organization").count(),
)
def own_items(period, organization_ids):
    return {}


@metric(
    "media_archive.own_videos",
    label="Видеоролики организации на видеоплощадках (VK Видео, RuTube, YouTube), "
    "добавленные в архив",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: (
        _own_added(period, MediaItem.objects, "album__organization")
        .filter(kind=MediaItem.Kind.VIDEO_LINK)
        .count()
    ),
)
def own_videos(period, organization_ids):
    return {}
