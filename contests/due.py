"""What a PPO may still do in contests: enter those open for entries that it has not entered."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.due import DueItem, registry

from .models import Contest, Entry
from .selectors import contests_open_for_entries


def items(organization, today: dt.date) -> list[DueItem]:
    """Contests accepting entries today with no entry of the PPO: one query."""
    entered = Entry.objects.filter(contest=OuterRef("pk"), organization=organization)
    contests = (
        contests_open_for_entries(today)
        .annotate(entered=Exists(entered))
        .filter(entered=False)
        .only("pk", "slug", "title", "submission_ends")
        .order_by("submission_ends", "pk")
    )
    return [
        DueItem(
            "contests:entry",
            _("Подать работу на конкурс «%(title)s»") % {"title": contest.title},
            reverse("contests:entry_create", kwargs={"slug": contest.slug}),
            "contests",
            contest.submission_ends,
        )
        for contest in contests
    ]


registry.register("contests", items, watch=(Contest, Entry))
