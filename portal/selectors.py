"""Reads for the public shell: the headline indicators of the home page (through metrics)."""

from . import pagecache
from .metrics import registry
from .periods import Period

HOME_INDICATORS = (
    "ppo.officer_share",
    "ppo.membership_level",
    "ppo.subscribers",
    "ppo.chro_subscribers",
)


def home_indicators(period: Period | None = None) -> list[dict]:
    """Totals of the headline metrics for the current month: computed over all PPOs once per
    change of the PPOs' data (their page group), not on every view of the home page."""
    period = period or Period.current_month()
    return pagecache.cached(
        f"home-indicators:{period.code}", ("ppo",), lambda: _home_indicators(period)
    )


def _home_indicators(period: Period) -> list[dict]:
    ids = registry.organizations(period)
    result = [{"label": "Первичных организаций", "value": len(ids), "unit": ""}]
    for key in HOME_INDICATORS:
        if key in registry:
            metric = registry.get(key)
            result.append(
                {"label": metric.label, "value": metric.total(period, ids), "unit": metric.unit}
            )
    return result
