"""The news of a month in the monthly digest (``portal.digest``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.digest import DigestItem, DigestSection, registry
from portal.periods import MOSCOW, Period

from .selectors import published


def news_of_month(period: Period) -> list[DigestItem]:
    """What the public feed showed for the month, oldest first, in one query."""
    news = (
        published(now=period.end)
        .filter(public_at__gte=period.start, public_at__lt=period.end)
        .select_related("organization")
        .order_by("public_at", "pk")
    )
    return [
        DigestItem(
            title=item.title,
            path=item.get_absolute_url(),
            date=timezone.localtime(item.public_at, MOSCOW).date(),
            summary=item.lead,
            source=item.organization.short_name if item.organization_id else "",
        )
        for item in news
    ]


registry.register(DigestSection(key="news", title=_("Новости"), items=news_of_month))
