"""Reads of publications, and the one place that decides who sees which publication."""

import datetime as dt
import re

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from integrations.services import social_link_status
from portal import pagecache
from portal.periods import MOSCOW
from portal.permissions import is_staff_member
from portal.search import search
from ppo.models import PrimaryOrganization
from ppo.selectors import officer_organization, organizations_active

from .models import CrossPost, ModerationEvent, Publication, PublicationPhoto, PublicationVersion

Status = Publication.Status


def _with_photos(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    return queryset.prefetch_related(
        Prefetch("photos", queryset=PublicationPhoto.objects.order_by("order", "pk"))
    )


def publications_of(organization: PrimaryOrganization) -> QuerySet[Publication]:
    """An officer's cabinet: every publication of their PPO, whatever its state."""
    return (
        Publication.objects.filter(organization=organization)
        .select_related("organization", "author")
        .annotate(photo_count=Count("photos"))
        .order_by("-updated_at")
    )


def publication_for_editing(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    return _with_photos(queryset.select_related("organization", "author"))


def publication_history(publication: Publication) -> QuerySet[ModerationEvent]:
    return publication.events.select_related("actor").order_by("created_at", "pk")


def moderation_queue() -> QuerySet[Publication]:
    """Publications waiting for a decision, oldest first, with their photo count."""
    return (
        Publication.objects.filter(status=Status.SUBMITTED)
        .select_related("organization", "author")
        .annotate(photo_count=Count("photos"))
        .order_by("submitted_at", "pk")
    )


def scheduled_publications() -> QuerySet[Publication]:
    return (
        Publication.objects.filter(status=Status.APPROVED)
        .select_related("organization")
        .order_by("publish_at")
    )


def publications_for_staff() -> QuerySet[Publication]:
    return Publication.objects.select_related("organization", "author")


def published(
    now: dt.datetime | None = None, *, organization: PrimaryOrganization | None = None
) -> QuerySet[Publication]:
    """What the public sees, with ``public_at``, the moment it went public: the news of the
    ЧРО and of the PPOs that belong to it today (or, with ``organization``, of that PPO only,
    when it belongs: its membership is looked up by its key, not matched against a hash of
    every PPO, which at 8,000 PPOs cost a PPO's page 5 ms).

    An approved news scheduled «at a date and time» is public from that moment: beat switches
    its status within minutes (keeping that moment), and until then the pages show it by its
    time, so no public GET has to write."""
    now = now or timezone.now()
    if organization is None:
        source = Q(organization__isnull=True) | Q(organization__in=organizations_active())
    else:
        source = Q(organization__in=organizations_active().filter(pk=organization.pk))
    return (
        Publication.objects.filter(
            Q(status=Status.PUBLISHED, published_at__lte=now)
            | Q(status=Status.APPROVED, publish_at__lte=now)
        )
        .filter(source)
        .annotate(public_at=Coalesce("published_at", "publish_at"))
    )


def publications_visible_to(user) -> QuerySet[Publication]:
    """The one rule of who sees which publication, in any state: everyone the public ones
    (``published``), a PPO's officers every publication of their PPO (their cabinet), staff
    all (moderation). The Presidium sees the public ones, like everybody."""
    if is_staff_member(user):
        return Publication.objects.all()
    visible = Q(pk__in=published().values("pk"))
    own = officer_organization(user)
    if own is not None:
        visible |= Q(organization=own)
    return Publication.objects.filter(visible)


def photo_by_file(user, name: str) -> tuple[PublicationPhoto, str] | None:
    """The photo of a publication the user may see whose original or rendition is stored
    under ``name`` (a SplitStorage name), with the field holding it; None otherwise.

    The publication's id is read from the name (``publications/<id>/...``), so the lookup
    goes through the photos of one publication, whatever the table's size."""
    match = re.match(r"(?:private/)?publications/(\d+)/", name)
    if match is None:
        return None
    photo = (
        PublicationPhoto.objects.filter(
            publication_id=int(match[1]),
            publication__in=publications_visible_to(user),
        )
        .filter(Q(image=name) | Q(thumbnail=name) | Q(web=name))
        .first()
    )
    if photo is None:
        return None
    field = next(field for field in ("image", "thumbnail", "web") if getattr(photo, field) == name)
    return photo, field


def next_scheduled_moment() -> dt.datetime | None:
    """When the next approved news scheduled «at a date» becomes public (None: none waits)."""
    return (
        Publication.objects.filter(status=Status.APPROVED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def news_feed(
    *,
    organization: PrimaryOrganization | None = None,
    category: str = "",
    month: dt.date | None = None,
    query: str = "",
) -> QuerySet[Publication]:
    """The public feed, newest first, filtered; with a query, the best matches first
    (``portal.search``: word forms, ё/е, prefixes and typos on PostgreSQL)."""
    queryset = published().select_related("organization")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    if category:
        queryset = queryset.filter(category=category)
    if month is not None:
        start = dt.datetime.combine(month.replace(day=1), dt.time.min, tzinfo=MOSCOW)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        queryset = queryset.filter(public_at__gte=start, public_at__lt=end)
    query = query.strip()
    if query:
        queryset = search(
            queryset, query, fields={"title": "A", "lead": "B", "body": "C"}, snippet="body"
        )
        return _with_photos(queryset).order_by("-search_rank", "-public_at", "-pk")
    return _with_photos(queryset).order_by("-public_at", "-pk")


def news_months() -> list[dt.date]:
    """Months with published news, newest first (for the month filter): one grouped query,
    kept in the cache until a news or a PPO changes (see portal.pagecache)."""
    return pagecache.cached("news-months", ("news", "ppo"), _news_months)


def _news_months() -> list[dt.date]:
    months = (
        published()
        .annotate(month=TruncMonth("public_at", tzinfo=MOSCOW))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
        .values_list("month", flat=True)
    )
    return [m.date() if isinstance(m, dt.datetime) else m for m in months]


def news_organizations() -> QuerySet[PrimaryOrganization]:
    """PPOs that have published news (for the PPO filter)."""
    return (
        organizations_active()
        .filter(pk__in=published().filter(organization__isnull=False).values("organization"))
        .order_by("short_name")
    )


def latest_news_of(organization: PrimaryOrganization, limit: int = 5) -> QuerySet[Publication]:
    """The PPO's newest published news (its page): the cards name their PPO, so it comes with
    them, not one query per card."""
    return _with_photos(
        published(organization=organization).select_related("organization")
    ).order_by("-public_at", "-pk")[:limit]


def latest_news(limit: int = 4) -> QuerySet[Publication]:
    """The newest published news of the ЧРО and all PPOs (for the home page)."""
    return _with_photos(published().select_related("organization")).order_by("-public_at", "-pk")[
        :limit
    ]


def news_detail_queryset() -> QuerySet[Publication]:
    return _with_photos(published().select_related("organization"))


def crossposts_of(publication: Publication) -> QuerySet[CrossPost]:
    return publication.crossposts.order_by("platform")


def crosspost_failures() -> QuerySet[CrossPost]:
    """The cross-posts that failed, newest attempt first (the moderation queue lists them)."""
    return (
        CrossPost.objects.filter(status=CrossPost.Status.FAILED)
        .select_related("publication")
        .order_by("-attempted_at")
    )


def social_link_checks(publication: Publication) -> list[dict]:
    """The publication's own VK/Telegram links with their status in Russian (found, not found,
    could not check)."""
    checks = []
    for field in ("vk_url", "telegram_url"):
        url = getattr(publication, field)
        if url:
            status = social_link_status(url)
            checks.append(
                {
                    "field": field,
                    "label": Publication._meta.get_field(field).verbose_name,
                    "url": url,
                    "found": status.found,
                    "message": status.message,
                }
            )
    return checks


def last_submitted_versions(publication: Publication) -> list[PublicationVersion]:
    """The last two submitted versions, older first (fewer if it was submitted less often)."""
    versions = publication.versions.select_related("submitted_by").order_by("-number")[:2]
    return list(reversed(versions))
