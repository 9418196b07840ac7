"""A programme document as data: one JSON file per programme (``programme/data/``) with its
passport (title, years, approving resolution), sections, measures, activity lines with their
schedules and metric bindings, and target indicators.

The portal's first programme is the oldest ``programme-*.json`` there; its lines are word for
word the document's text (the ``.txt`` beside it, compared by a test). Only
whitespace is normalised. Under measure I.2 two schedule cells are empty in the document (merged
with the cell above): they keep an empty ``schedule_text`` and the schedule kind of the row above.

Another programme is another file (``manage.py load_programme path/to/file.json``) or is made in
the admin, usually by copying the previous one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
# Files are named programme-<first year>-<last year>.json, so the first in order is the oldest.
FIRST_PROGRAMME = sorted(DATA_DIR.glob("programme-*.json"))[0]

FORMAT = 1
PASSPORT_REQUIRED = ("title", "year_from", "year_to", "approved_by", "approved_on")


def parse(data: dict) -> dict:
    """The document's dict with dates and year pairs as Python values; a clear error when a
    required part is missing."""
    if data.get("format") != FORMAT:
        raise ValidationError(
            _("Неизвестный формат файла программы: %(format)s.") % {"format": data.get("format")},
            code="format",
        )
    passport = dict(data.get("programme") or {})
    missing = [name for name in PASSPORT_REQUIRED if not passport.get(name)]
    if missing:
        raise ValidationError(
            _("В паспорте программы не заполнено: %(fields)s.") % {"fields": ", ".join(missing)},
            code="passport",
        )
    passport["approved_on"] = dt.date.fromisoformat(passport["approved_on"])
    if passport["year_to"] < passport["year_from"]:
        raise ValidationError(_("Последний год не может быть раньше первого."), code="years")
    sections = data.get("sections") or []
    for section in sections:
        for measure in section["measures"]:
            for row in measure["rows"]:
                row["years"] = tuple(row["years"]) if row.get("years") else None
    return {"programme": passport, "sections": sections, "indicators": data.get("indicators") or []}


def read(path: Path | str = FIRST_PROGRAMME) -> dict:
    with Path(path).open(encoding="utf-8") as handle:
        return parse(json.load(handle))


def lines(definition: dict) -> list[dict]:
    return [
        line
        for section in definition["sections"]
        for measure in section["measures"]
        for row in measure["rows"]
        for line in row["lines"]
    ]
