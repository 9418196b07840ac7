"""Reads of the integrations."""

import datetime as dt

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from ppo.models import Channel
from ppo.selectors import organizations_active

API_PLATFORMS = (Channel.Platform.VK, Channel.Platform.TELEGRAM)


def api_channels() -> QuerySet[Channel]:
    """Active VK and Telegram channels, whose counts the portal collects itself."""
    return Channel.objects.filter(platform__in=API_PLATFORMS, retired_on__isnull=True).order_by(
        "pk"
    )


def channel_collection(channel: Channel):
    from .models import ChannelCollection

    return ChannelCollection.objects.filter(channel=channel).first()


def channels_with_collection() -> QuerySet[Channel]:
    """The staff page of collections: every API channel with its last collection."""
    return (
        api_channels()
        .select_related("organization", "collection")
        .order_by(F("collection__status").desc(nulls_first=True), "organization__short_name")
    )


def union_pages_for_staff() -> list[dict]:
    """Active PPOs with a union page, stale first: never checked, failing, then the longest
    unchanged."""
    stale_after = dt.timedelta(days=settings.UNION_PAGE_STALE_DAYS)
    now = timezone.now()
    rows = []
    organizations = (
        organizations_active()
        .exclude(union_page_url="")
        .select_related("union_page_check")
        .order_by("short_name")
    )
    for organization in organizations:
        check = getattr(organization, "union_page_check", None)
        changed = check.content_changed_at if check else None
        if check is None:
            rank, state = 0, "unchecked"
        elif check.status != "ok":
            rank, state = 1, "failing"
        elif changed is None or now - changed > stale_after:
            rank, state = 2, "stale"
        else:
            rank, state = 3, "fresh"
        rows.append(
            {
                "organization": organization,
                "check": check,
                "state": state,
                "rank": rank,
                "sort": changed.timestamp() if changed else 0,
            }
        )
    rows.sort(key=lambda row: (row["rank"], row["sort"]))
    return rows
