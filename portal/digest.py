"""What goes into the monthly news digest: each app registers a section (the news of the month
from ``publications``), and the digest (``documents``, which owns the subscribers) reads only this
registry, so neither app imports the other."""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

from .periods import Period


@dataclass(frozen=True)
class DigestItem:
    title: str
    path: str  # the item's page on the portal, without the host
    date: dt.date
    summary: str = ""
    source: str = ""  # who wrote it: a PPO, or the organization itself

    def as_dict(self) -> dict:
        return {**asdict(self), "date": self.date.isoformat()}


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    items: Callable[[Period], list[DigestItem]]  # in a constant number of queries


class DigestRegistry:
    def __init__(self):
        self._sections: dict[str, DigestSection] = {}

    def register(self, section: DigestSection) -> DigestSection:
        self._sections[section.key] = section
        return section

    def sections(self) -> list[DigestSection]:
        return list(self._sections.values())

    def collect(self, period: Period) -> list[dict]:
        """The month's content as plain data (frozen into the digest as JSON): the sections
        that have items, each ``{"key", "title", "items": [...]}``."""
        content = []
        for section in self.sections():
            items = section.items(period)
            if items:
                content.append(
                    {
                        "key": section.key,
                        "title": str(section.title),
                        "items": [item.as_dict() for item in items],
                    }
                )
        return content


registry = DigestRegistry()
