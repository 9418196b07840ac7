"""Database helpers shared by the apps' services."""

from collections.abc import Callable, Hashable
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


def on_commit_once(key: Hashable, callback: Callable[[], None]) -> None:
    """Run ``callback`` after the current transaction commits, once per transaction for
    ``key`` however many rows ask for it (a rating's 8,000 results, an import's rows: one
    callback, not one each); at once outside a transaction, as ``transaction.on_commit`` does.

    The transaction's queue of callbacks is the record of what is pending: a rollback empties
    it (a savepoint's rollback drops its part), and then a later change of the key queues the
    callback anew. (A test that runs the callbacks of its open transaction runs them with
    ``django_capture_on_commit_callbacks(execute=True)`` around its first change too: a
    callback queued earlier and never run stands for the later changes.)"""
    connection = transaction.get_connection()
    if _queued(connection, key):
        return

    def committed():
        pending = getattr(connection, "_portal_on_commit_once", {})
        if pending.get(key, (None, None))[1] is committed:
            del pending[key]  # (the tests run callbacks in the open transaction)
        callback()

    transaction.on_commit(committed)
    if connection.in_atomic_block:
        pending = getattr(connection, "_portal_on_commit_once", {})
        # Where the callback sits in the queue, to tell whether it is still there.
        connection._portal_on_commit_once = {
            **pending,
            key: (len(connection.run_on_commit) - 1, committed),
        }


def _queued(connection, key: Hashable) -> bool:
    """Whether the transaction in progress already runs the key's callback after its commit."""
    if not connection.in_atomic_block:
        return False
    index, callback = getattr(connection, "_portal_on_commit_once", {}).get(key, (None, None))
    queue = connection.run_on_commit
    return index is not None and index < len(queue) and queue[index][1] is callback
