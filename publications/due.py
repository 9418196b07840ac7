"""What a PPO must do with its news: revise those the moderator returned for changes."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.due import DueItem, registry
from portal.notifications import OFFICER, register_kind

from .models import Publication


def items(organization, today: dt.date) -> list[DueItem]:
    """The PPO's publications returned for changes: one query."""
    returned = Publication.objects.filter(
        organization=organization, status=Publication.Status.CHANGES_REQUESTED
    ).only("pk", "title")
    return [
        DueItem(
            "publications:returned",
            _("Доработать новость «%(title)s»")
            % {"title": publication.title or _("без заголовка")},
            reverse("publications:detail", kwargs={"pk": publication.pk}),
            "publications",
        )
        for publication in returned.order_by("pk")
    ]


register_kind(
    "publications:moderation",
    gettext_lazy("Решение модератора по вашей новости"),
    audience=OFFICER,
)
register_kind(
    "publications:published",
    gettext_lazy("Новость опубликована"),
    audience=OFFICER,
)
registry.register("publications", items, watch=(Publication,))
