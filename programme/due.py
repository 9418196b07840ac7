"""What a PPO must do on the programme: mark the execution of its lines that fall behind."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.due import DueItem, registry

from . import progress
from .models import ExecutionRecord, Programme
from .selectors import ppo_lines_for


def items(organization, today: dt.date) -> list[DueItem]:
    """The active programme's PPO lines that the officer marks (judged by records, not by a
    metric) and that are at risk or behind for this PPO today: a query count fixed by the
    programme, not by the data."""
    lagging = [
        evaluation
        for _activity, evaluation in ppo_lines_for(organization, today=today)
        if evaluation.source == "records"
        and evaluation.status in (progress.BEHIND, progress.AT_RISK)
    ]
    if not lagging:
        return []
    # One item for all the lines: the cabinet's programme page lists them with their status.
    return [
        DueItem(
            "programme:lines",
            _("Отметить исполнение строк программы, которые отстают: %(count)s")
            % {"count": len(lagging)},
            reverse("programme:cabinet"),
            "programme",
            overdue=any(evaluation.status == progress.BEHIND for evaluation in lagging),
        )
    ]


registry.register("programme", items, watch=(ExecutionRecord, Programme))
