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
