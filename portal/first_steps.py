"""A new officer's first steps on the cabinet home: each app says which steps it asks of a PPO
and whether they are done (a query or two each); the checklist shows until every step is done
or the officer dismisses it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from . import pagecache


@dataclass(frozen=True)
class Step:
    key: str  # "app:step"
    title: str
    url: str
    done: bool


Provider = Callable[[object], list[Step]]


class FirstStepsRegistry:
    def __init__(self):
        self._providers: dict[str, Provider] = {}

    def register(self, app: str, provider: Provider) -> None:
        """``provider(organization) -> [Step]``; apps register theirs in their due.py."""
        self._providers[app] = provider

    def steps(self, organization) -> list[Step]:
        # In the order of INSTALLED_APPS (the PPO's own data first, then documents to read).
        return [step for provider in self._providers.values() for step in provider(organization)]


registry = FirstStepsRegistry()


def first_steps(user, organization) -> list[Step]:
    """The checklist for the officer, or [] once dismissed or every step is done. The steps are
    kept in the cache while no row of an app with metrics changes (``pagecache.METRICS``: the
    PPO's channels and figures, the documents' deliveries), as the cabinet's due list is."""
    if organization is None or user.first_steps_dismissed_at is not None:
        return []
    steps = pagecache.kept(
        f"first-steps:{organization.pk}", (pagecache.METRICS,), lambda: registry.steps(organization)
    )
    return [] if all(step.done for step in steps) else steps


def first_steps_dismiss(*, user) -> None:
    """The officer closes the checklist for good."""
    if user.first_steps_dismissed_at is None:
        user.first_steps_dismissed_at = timezone.now()
        user.save(update_fields=["first_steps_dismissed_at"])
