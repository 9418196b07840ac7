"""Reads of PPO data, and the one place that decides what a user may see."""

import datetime as dt

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from portal import pagecache
from portal.periods import Period
from portal.request_context import request_cached

from .models import (
    Channel,
    FigureChange,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)


def appointments_in_force(on: dt.date | None = None) -> QuerySet[OfficerAppointment]:
    on = on or timezone.localdate()
    return OfficerAppointment.objects.in_force(on)


# The page-cache group of who is the officer of which PPO: bumped by a change of a PPO or of an
# appointment (ppo/apps.py), not by the PPOs' figures, which change all day long.
OFFICERS = "officers"


def officer_organization(user) -> PrimaryOrganization | None:
    """The PPO whose officer the user is today, or None: asked by every page (the navigation),
    so kept in the cache per person and day while no PPO or appointment changes (the OFFICERS
    group), and on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_officer_organization"):
        today = timezone.localdate()
        user._officer_organization = pagecache.kept(
            f"ppo:officer:{user.pk}:{today.isoformat()}",
            (OFFICERS,),
            lambda: _officer_organization(user, today),
        )
    return user._officer_organization


def _officer_organization(user, today: dt.date) -> PrimaryOrganization | None:
    appointment = (
        appointments_in_force(today)
        .filter(user=user, organization__is_active=True)
        .select_related("organization")
        .order_by("-starts_on")
        .first()
    )
    return appointment.organization if appointment else None


def organizations_active(period: Period | None = None) -> QuerySet[PrimaryOrganization]:
    """The PPOs that count in a period: the population of every metric, denominator, report and
    rating. A PPO counts when it belonged to the ЧРО on the period's last day (joined on or
    before it, and not left by then); ``None`` means today. So a PPO that joins later never
    changes a past period, and one that leaves stays in the periods it belonged in."""
    day = period.last_day if period is not None else timezone.localdate()
    return PrimaryOrganization.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day), joined_on__lte=day
    )


def organizations_public() -> QuerySet[PrimaryOrganization]:
    return organizations_active().order_by("short_name")


def organizations_named(
    queryset: QuerySet[PrimaryOrganization], query: str
) -> QuerySet[PrimaryOrganization]:
    """The PPOs whose short or full name, or the name of their medical organization, contains
    every word of the query (any letter case)."""
    for word in query.split():
        queryset = queryset.filter(
            Q(short_name__icontains=word)
            | Q(full_name__icontains=word)
            | Q(medical_organization__icontains=word)
        )
    return queryset


def organizations_matching(text: str, limit: int = 10) -> list[PrimaryOrganization]:
    """The PPOs of today a typed name may mean (a filter picked by text, not from a list of
    thousands): the one whose address (slug) or short name it is exactly; otherwise those whose
    names contain every word, by name, at most ``limit``."""
    text = text.strip()
    if not text:
        return []
    active = organizations_active()
    exact = list(
        active.filter(Q(slug=text) | Q(short_name__iexact=text)).order_by("short_name", "pk")[
            :limit
        ]
    )
    if exact:
        return exact
    return list(organizations_named(active, text).order_by("short_name", "pk")[:limit])


def latest_count_subquery():
    return SubscriberCount.objects.filter(channel=OuterRef("pk")).order_by("-date")


def channels_with_latest_count(queryset: QuerySet[Channel]) -> QuerySet[Channel]:
    latest = latest_count_subquery()
    return queryset.annotate(
        latest_count=Subquery(latest.values("count")[:1]),
        latest_count_date=Subquery(latest.values("date")[:1]),
    )


def channels_of(organization: PrimaryOrganization | None) -> QuerySet[Channel]:
    """Channels of a PPO (or of the ЧРО for None), active first, with their latest count."""
    queryset = Channel.objects.filter(organization=organization)
    return channels_with_latest_count(queryset).order_by("retired_on", "platform", "title")


def public_channels_of(organization: PrimaryOrganization | None) -> QuerySet[Channel]:
    return Channel.objects.filter(
        organization=organization, is_public=True, retired_on__isnull=True
    ).order_by("platform", "title")


def chro_public_channels() -> list[Channel]:
    """The ЧРО's own public channels: in every page's footer and again on a PPO's page, so read
    once per request."""
    return request_cached(
        "ppo:chro_channels",
        lambda: pagecache.kept("ppo:chro_channels", (), lambda: list(public_channels_of(None))),
    )


def _changes():
    return Prefetch(
        "changes",
        queryset=FigureChange.objects.select_related("changed_by").order_by("changed_at", "pk"),
    )


def subscriber_history(channel: Channel) -> QuerySet[SubscriberCount]:
    """The channel's counts, newest first, each with its entries and corrections (``changes``,
    oldest first) and their authors."""
    return (
        channel.counts.select_related("recorded_by").prefetch_related(_changes()).order_by("-date")
    )


def membership_history(organization: PrimaryOrganization) -> QuerySet[MembershipSnapshot]:
    """The PPO's months, newest first, with their entries and corrections (``changes``)."""
    return organization.membership_snapshots.prefetch_related(_changes()).order_by("-month")


def latest_membership(organization: PrimaryOrganization) -> MembershipSnapshot | None:
    """The PPO's newest month, without the history's corrections: the cabinet's figure, and
    whether the membership was ever entered (its first steps), so read once per request."""
    return request_cached(
        f"ppo:latest_membership:{organization.pk}",
        lambda: organization.membership_snapshots.order_by("-month").first(),
    )


def organization_directory(query: str = "") -> QuerySet[PrimaryOrganization]:
    """The public catalogue (searched by name), ordered for stable pages."""
    queryset = organizations_named(organizations_public(), query).order_by("short_name", "pk")
    return queryset.prefetch_related(
        Prefetch(
            "channels",
            queryset=Channel.objects.filter(is_public=True, retired_on__isnull=True).order_by(
                "platform"
            ),
            to_attr="public_channels",
        )
    )


def current_officer(organization: PrimaryOrganization) -> OfficerAppointment | None:
    return (
        appointments_in_force()
        .filter(organization=organization)
        .select_related("user")
        .order_by("-starts_on")
        .first()
    )


def figure_changes_of_month(
    organization_id: int, period: Period, since: dt.datetime | None = None
) -> QuerySet[FigureChange]:
    """The entries and corrections of a PPO's figures of a month (its membership, its channels'
    counts dated in the month) made after ``since``, oldest first, with their authors: one query."""
    queryset = FigureChange.objects.filter(
        Q(membership__organization_id=organization_id, membership__month=period.first_day)
        | Q(
            subscriber_count__channel__organization_id=organization_id,
            subscriber_count__date__gte=period.first_day,
            subscriber_count__date__lte=period.last_day,
        )
    )
    if since is not None:
        queryset = queryset.filter(changed_at__gt=since)
    return queryset.select_related("changed_by").order_by("changed_at", "pk")
