"""Database helpers shared by the apps' services."""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def save_one_per_key(
    *, load: Callable[[], M | None], build: Callable[[], M], change: Callable[[M], None]
) -> M:
    """Create or update the one row of a key (a PPO and a period) safely under concurrent
    first saves.

    ``load`` returns the row locked (``select_for_update``) or None, ``build`` a new unsaved
    row, ``change`` sets and validates its fields (it may raise ``ValidationError``). A row
    lock cannot lock a row that does not exist yet, so two first saves may both insert: the
    loser's insert fails on the unique constraint inside a savepoint, and it retries once,
    now finding (and locking) the winner's row, which it updates like any second save."""
    for attempt in range(2):
        row = load() or build()
        change(row)
        creating = row._state.adding
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            if not creating or attempt:
                raise
            continue
        return row
    raise AssertionError("unreachable")
