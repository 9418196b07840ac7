"""Creates the first programme (2023-2025) from a frozen copy of its document,
``data/0002_programme.json`` beside this file, with the historical models.

It never imports today's loader or document code, so a later edit of either does not change what
a fresh database gets. Databases that ran the earlier version of this migration (which called the
loader of that day) already hold the same rows and do not run it again; on a database that already
has the programme (loaded by hand) it adds nothing."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0002_programme.json"
BINDING_FIELDS = ("metric_key", "target_rule", "target_value", "due_month", "weight")


def load(apps, schema_editor):
    Programme = apps.get_model("programme", "Programme")
    Section = apps.get_model("programme", "Section")
    Measure = apps.get_model("programme", "Measure")
    Activity = apps.get_model("programme", "Activity")
    Indicator = apps.get_model("programme", "Indicator")
    IndicatorTarget = apps.get_model("programme", "IndicatorTarget")

    data = json.loads(DATA.read_text(encoding="utf-8"))
    passport = dict(data["programme"])
    passport["approved_on"] = dt.date.fromisoformat(passport["approved_on"])
    if Programme.objects.filter(
        title=passport["title"], year_from=passport["year_from"], year_to=passport["year_to"]
    ).exists():
        return
    programme = Programme.objects.create(**passport)
    for order, section_data in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            programme=programme,
            number=section_data["number"],
            title=section_data["title"],
            responsible=section_data["responsible"],
            order=order,
        )
        for measure_data in section_data["measures"]:
            measure = Measure.objects.create(
                section=section, number=measure_data["number"], title=measure_data["title"]
            )
            activity_order = 0
            for row in measure_data["rows"]:
                year_from, year_to = row["years"] or (None, None)
                for line in row["lines"]:
                    activity_order += 1
                    binding = {k: line[k] for k in BINDING_FIELDS if k in line}
                    if "target_value" in binding:
                        binding["target_value"] = Decimal(binding["target_value"])
                    Activity.objects.create(
                        measure=measure,
                        order=activity_order,
                        text=line["text"],
                        schedule_text=row["schedule_text"],
                        schedule_kind=row["kind"],
                        year_from=year_from,
                        year_to=year_to,
                        responsible=section_data["responsible"],
                        **binding,
                    )
    for indicator_data in data["indicators"]:
        indicator = Indicator.objects.create(
            programme=programme,
            **{
                k: indicator_data[k]
                for k in ("number", "title", "metric_key", "unit", "baseline_year")
            },
            baseline_value=(
                None
                if indicator_data["baseline_value"] is None
                else Decimal(indicator_data["baseline_value"])
            ),
        )
        for year, value in indicator_data["targets"].items():
            IndicatorTarget.objects.create(indicator=indicator, year=int(year), value=Decimal(value))


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("ppo", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
