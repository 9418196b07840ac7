"""Frozen outputs overtaken by their data: a registry that the dashboard reads.

An app that freezes outputs (reports: the CC report, the rating, accepted monthly reports)
registers one function that returns its stale outputs, from stored flags and in a constant
number of queries. The dashboard shows them without knowing any app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StaleOutput:
    title: str  # «Отчёт в ЦК за декабрь 2025»
    url: str
    changes: int  # how many figures differ


StaleOutputsFn = Callable[[], list[StaleOutput]]

_providers: dict[str, StaleOutputsFn] = {}


def register(name: str, provider: StaleOutputsFn) -> None:
    if name in _providers and _providers[name] is not provider:
        raise ValueError(f"Stale outputs {name} are registered twice")
    _providers[name] = provider


def stale_outputs() -> list[StaleOutput]:
    found = []
    for _name, provider in sorted(_providers.items()):
        found += provider()
    return found
