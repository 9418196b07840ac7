"""Loads a programme document (a data file, see programme/document.py) into the database,
idempotently.

Used by ``manage.py load_programme`` and the demo. The data migration that created the first
programme carries its own frozen copy and code: it never calls this module.
Rows are matched by their natural keys (programme title and years; section number; measure
number; activity order), so loading twice changes nothing and staff's edits of weights and
metric bindings survive a reload unless ``overwrite`` is given."""

from decimal import Decimal
from pathlib import Path

from django.apps import apps as global_apps

from . import document

BINDING_FIELDS = (
    "metric_key",
    "target_rule",
    "target_value",
    "due_month",
    "weight",
    "evidence_text",
)


def load_programme(
    *, path: Path | str = document.FIRST_PROGRAMME, apps=global_apps, overwrite: bool = False
) -> dict[str, int]:
    definition = document.read(path)
    Programme = apps.get_model("programme", "Programme")
    Section = apps.get_model("programme", "Section")
    Measure = apps.get_model("programme", "Measure")
    Activity = apps.get_model("programme", "Activity")
    Indicator = apps.get_model("programme", "Indicator")
    IndicatorTarget = apps.get_model("programme", "IndicatorTarget")

    created = {"programme": 0, "section": 0, "measure": 0, "activity": 0, "indicator": 0}
    data = definition["programme"]
    programme, was_created = Programme.objects.update_or_create(
        title=data["title"],
        year_from=data["year_from"],
        year_to=data["year_to"],
        defaults={k: v for k, v in data.items() if k not in ("title", "year_from", "year_to")},
    )
    created["programme"] += was_created
    if was_created and not Programme.objects.filter(status="active").exists():
        # The first programme of a database is the one in force (as the migration makes it);
        # any later one arrives as a draft, to be checked and activated by staff.
        programme.status = "active"
        programme.save(update_fields=["status"])
    for order, section_data in enumerate(definition["sections"], start=1):
        section, was_created = Section.objects.update_or_create(
            programme=programme,
            number=section_data["number"],
            defaults={
                "title": section_data["title"],
                "responsible": section_data["responsible"],
                "order": order,
            },
        )
        created["section"] += was_created
        for measure_data in section_data["measures"]:
            measure, was_created = Measure.objects.update_or_create(
                section=section,
                number=measure_data["number"],
                defaults={"title": measure_data["title"]},
            )
            created["measure"] += was_created
            activity_order = 0
            for row in measure_data["rows"]:
                years = row["years"] or (None, None)
                for line in row["lines"]:
                    activity_order += 1
                    binding = {k: line[k] for k in BINDING_FIELDS if k in line}
                    if "target_value" in binding:
                        binding["target_value"] = Decimal(binding["target_value"])
                    defaults = {
                        "text": line["text"],
                        "schedule_text": row["schedule_text"],
                        "schedule_kind": row["kind"],
                        "year_from": years[0],
                        "year_to": years[1],
                        "responsible": section_data["responsible"],
                    }
                    activity = Activity.objects.filter(
                        measure=measure, order=activity_order
                    ).first()
                    if activity is None:
                        Activity.objects.create(
                            measure=measure, order=activity_order, **defaults, **binding
                        )
                        created["activity"] += 1
                        continue
                    changes = dict(defaults)
                    if overwrite:
                        changes.update(binding)
                    changed = [k for k, v in changes.items() if getattr(activity, k) != v]
                    for name in changed:
                        setattr(activity, name, changes[name])
                    if changed:
                        activity.save(update_fields=changed)
    for indicator_data in definition["indicators"]:
        indicator, was_created = Indicator.objects.get_or_create(
            programme=programme,
            number=indicator_data["number"],
            defaults={
                k: indicator_data[k]
                for k in ("title", "metric_key", "unit", "baseline_year", "baseline_value")
            },
        )
        created["indicator"] += was_created
        for year, value in indicator_data["targets"].items():
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, year=int(year), defaults={"value": Decimal(value)}
            )
    return created
