"""Frozen outputs know their inputs: the figures a CC report, a rating or an accepted monthly
report was made from, and what changed in them since.

Each output keeps the inputs it was computed from (the CC report's snapshot, the rating's
``inputs``, the monthly report's ``figures``). To see whether its period's data changed, the
same metrics are recomputed for the same period and PPOs and compared figure by figure: a
difference is ``{"figure", "unit", "organization", "old", "new"}`` (``organization`` is None for
the ЧРО's total). Recomputing costs what computing did: a constant number of queries per output,
whatever the number of PPOs (one per metric), and one per metric and month for all the accepted
monthly reports of that month.

When it runs: a detail page recomputes its output on view (the notice is always exact) and
stores the result when it differs from the stored one; the lists, the dashboard and the staff
page read only the stored differences, which a periodic job (``check_frozen_outputs``) refreshes
for every current output. The writes that change a metric live in other apps (membership,
channels, publications…), which ``reports`` reads only through the metric registry, so a hook on
those writes would cross the apps' boundaries; the job bounds how long a list can lag."""

from __future__ import annotations

from decimal import Decimal

from portal.metrics import registry
from portal.periods import Period
from ppo.models import PrimaryOrganization

POPULATION = "population"
REPORTING = "reporting"
PRESENT = "учитывается"


def plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def same(old, new) -> bool:
    if isinstance(old, int | float) and isinstance(new, int | float):
        return abs(float(old) - float(new)) < 1e-9
    return old == new


def diff(old: dict[str, dict], new: dict[str, dict]) -> list[dict]:
    """The differences of two flat input maps ``{key: {"figure", "unit", "organization",
    "value"}}``: the ЧРО's totals first, then by PPO, each in the output's own order."""
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        old_value = before["value"] if before else None
        new_value = after["value"] if after else None
        if same(old_value, new_value):
            continue
        meta = after or before
        changes.append(
            {
                "figure": meta["figure"],
                "unit": meta.get("unit", ""),
                "organization": meta.get("organization"),
                "old": old_value,
                "new": new_value,
            }
        )
    changes.sort(key=lambda c: (c["organization"] is not None, c["organization"] or ""))
    return changes


# --- The report to the Central Committee --------------------------------------------------------


def _reporting_state(row: dict) -> str:
    if row.get("on_time") is True:
        return "сдан в срок"
    if row.get("on_time") is False:
        return "сдан с опозданием"
    return "не сдан"


def cc_inputs(snapshot: dict) -> dict[str, dict]:
    """The figures of a CC report's snapshot, flat: the ЧРО's totals (and their change on the
    month), every PPO's value in every column, whether it counts and how it reported."""
    inputs = {}
    for row in snapshot.get("totals", []):
        inputs[f"{row['key']}|"] = {
            "figure": row["label"],
            "unit": row["unit"],
            "organization": None,
            "value": row["value"],
        }
        if row.get("change") is not None:
            inputs[f"{row['key']}:change|"] = {
                "figure": f"{row['label']}: изменение за месяц",
                "unit": row["unit"],
                "organization": None,
                "value": row["change"],
            }
    columns = snapshot.get("columns", [])
    for row in snapshot.get("rows", []):
        name = row["name"]
        inputs[f"{POPULATION}|{row['id']}"] = {
            "figure": "ППО в отчёте",
            "unit": "",
            "organization": name,
            "value": PRESENT,
        }
        inputs[f"{REPORTING}|{row['id']}"] = {
            "figure": "Ежемесячный отчёт ППО",
            "unit": "",
            "organization": name,
            "value": _reporting_state(row),
        }
        for column, value in zip(columns, row["values"], strict=False):
            inputs[f"{column['key']}|{row['id']}"] = {
                "figure": column["label"],
                "unit": column["unit"],
                "organization": name,
                "value": value,
            }
    return inputs


def cc_changes(report) -> list[dict]:
    """What differs between a CC report's snapshot and its month recomputed now."""
    from .services import cc_snapshot

    return diff(cc_inputs(report.snapshot), cc_inputs(cc_snapshot(report.period)))


def cc_snapshot_changes(old_snapshot: dict, new_snapshot: dict) -> list[dict]:
    return diff(cc_inputs(old_snapshot), cc_inputs(new_snapshot))


# --- The yearly rating --------------------------------------------------------------------------

EMPLOYEES = "ppo.employees"


def rating_input_keys(keys: list[str]) -> list[str]:
    """The metrics a rating reads: its criteria's and the employees (size groups), once each."""
    return list(dict.fromkeys([*keys, EMPLOYEES]))


def rating_input_values(
    keys: list[str], year: int, progress=None
) -> tuple[list[int], dict[str, dict]]:
    """The year's population and ``{metric key: {str(PPO id): value}}`` for the criteria's
    metrics and the employees (size groups): one query per metric and one for the PPOs.
    ``progress(key)`` is called after each metric is read."""
    period = Period.for_year(year)
    ids = list(registry.organizations(period))
    values = {}
    for key in rating_input_keys(keys):
        metric_values = registry.get(key).values(period, ids) if key in registry else {}
        values[key] = {str(pk): plain(v) for pk, v in metric_values.items()}
        if progress is not None:
            progress(key)
    return ids, values


def _rating_flat(inputs: dict, titles: dict[str, str], names: dict[str, str]) -> dict:
    flat = {}
    for pk in inputs.get("organizations", []):
        flat[f"{POPULATION}|{pk}"] = {
            "figure": "ППО в рейтинге",
            "unit": "",
            "organization": names.get(str(pk), str(pk)),
            "value": PRESENT,
        }
    for key, values in inputs.get("values", {}).items():
        unit = registry.get(key).unit if key in registry else ""
        for pk, value in values.items():
            flat[f"{key}|{pk}"] = {
                "figure": titles.get(key, key),
                "unit": unit,
                "organization": names.get(str(pk), str(pk)),
                "value": value,
            }
    return flat


def rating_inputs_changes(old: dict, new: dict, criteria: list[dict]) -> list[dict]:
    """The differences of two rating inputs; PPO names are read once for the PPOs that differ."""
    titles = {c["key"]: c["title"] for c in criteria}
    if EMPLOYEES in registry:
        titles.setdefault(EMPLOYEES, registry.get(EMPLOYEES).label)
    changed = diff(_rating_flat(old, titles, {}), _rating_flat(new, titles, {}))
    ids = {int(c["organization"]) for c in changed if c["organization"] is not None}
    names = {
        str(pk): name
        for pk, name in PrimaryOrganization.objects.filter(pk__in=ids).values_list(
            "pk", "short_name"
        )
    }
    for change in changed:
        if change["organization"] is not None:
            change["organization"] = names.get(change["organization"], change["organization"])
    changed.sort(key=lambda c: (c["organization"] is not None, c["organization"] or ""))
    return changed


def rating_changes(rating) -> list[dict]:
    """What differs between a rating's inputs and its year's data recomputed now, for the same
    criteria it was computed with."""
    keys = [c["key"] for c in rating.criteria]
    ids, values = rating_input_values(keys, rating.year)
    return rating_inputs_changes(
        rating.inputs, {"organizations": ids, "values": values}, rating.criteria
    )


# --- The PPO's monthly report -------------------------------------------------------------------


def figures_flat(figures: dict, organization: str) -> dict[str, dict]:
    return {
        key: {
            "figure": figure["label"],
            "unit": figure["unit"],
            "organization": organization,
            "value": figure["value"],
        }
        for key, figure in figures.items()
    }


def monthly_changes(report, current: dict | None = None) -> list[dict]:
    """What differs between a monthly report's frozen figures and the portal's figures now."""
    from .selectors import monthly_figures

    if current is None:
        current = monthly_figures(report.organization_id, report.period)
    name = report.organization.short_name
    # The stored figures come back from the database in its key order: compare in the
    # report's own order (that of the current figures).
    frozen = {key: report.figures[key] for key in current if key in report.figures}
    frozen |= report.figures
    return diff(figures_flat(frozen, name), figures_flat(current, name))
