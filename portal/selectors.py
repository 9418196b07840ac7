"""Reads for the public shell: the headline indicators of the home page (through metrics)."""

from django.apps import apps

from .metrics import registry
from .periods import Period

HOME_INDICATORS = (
    "ppo.officer_share",
    "ppo.membership_level",
    "ppo.subscribers",
    "ppo.chro_subscribers",
)


def active_organization_ids() -> list[int]:
    model = apps.get_model("ppo", "PrimaryOrganization")
    return list(model.objects.filter(is_active=True).values_list("pk", flat=True))


def home_indicators(period: Period | None = None) -> list[dict]:
    """Totals of the headline metrics for the current month."""
    period = period or Period.current_month()
    ids = active_organization_ids()
    result = [{"label": "Первичных организаций", "value": len(ids), "unit": ""}]
    for key in HOME_INDICATORS:
        if key in registry:
            metric = registry.get(key)
            result.append(
                {"label": metric.label, "value": metric.total(period, ids), "unit": metric.unit}
            )
    return result
