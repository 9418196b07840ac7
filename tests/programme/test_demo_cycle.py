"""The demo tells December 2026: the first programme closed with its final report, the next one
(демо) in force with its 2026 work, and a saved half-year report to the Presidium; and the
migration that created the first programme carries its own frozen data."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from programme import document
from programme.models import ExecutionRecord, PresidiumReport, Programme
from tests.factories import presidium_user

MIGRATION = (
    Path(__file__).resolve().parents[2] / "programme" / "migrations" / "0002_load_programme.py"
)


@pytest.mark.django_db
def test_demo_runs_the_programme_cycle(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    first = Programme.objects.get(year_from=2023)
    current = Programme.objects.get(status=Programme.Status.ACTIVE)
    assert first.status == Programme.Status.CLOSED
    assert first.final_result.data["overall"]["percent"] is not None
    assert (current.year_from, current.year_to) == (2026, 2028)
    assert "(демо)" in current.title and current.note.startswith("Демо")
    records = ExecutionRecord.objects.filter(activity__measure__section__programme=current)
    assert records.filter(date__year=2026, date__month=11).exists()
    # The reports to the Presidium: the half-year and the end of November of 2026.
    assert PresidiumReport.objects.filter(programme=current).count() == 2
    # The final report of 2023-2025 was frozen with the lines bound to metrics and the demo data
    # of every app in place: the metric lines computed, most of them moving.
    lines = [
        line
        for section in first.final_result.data["sections"]
        for measure in section["measures"]
        for line in measure["lines"]
    ]
    computed = [line for line in lines if line["source"] == "metric"]
    assert len(lines) == 66 and len(computed) >= 45
    assert sum(1 for line in computed if line["percent"]) >= 40
    out = io.StringIO()
    call_command("programme_coverage", "--year", "2025", "--programme", str(first.pk), stdout=out)
    assert "с источником-показателем: 45" in out.getvalue()
    client.force_login(presidium_user())
    html = client.get(reverse("programme:programme_list")).content.decode()
    assert current.title in html and first.title in html
    response = client.get(reverse("programme:dashboard"))
    assert response.context["programme"] == current and response.context["year"] == 2026


def test_the_first_programme_migration_is_frozen():
    source = MIGRATION.read_text(encoding="utf-8")
    # It reads its own copy of the data, never today's loader or document code.
    assert "programme.loader" not in source and "from programme" not in source
    assert "import document" not in source
    frozen = MIGRATION.parent / "data" / "0002_programme.json"
    assert frozen.exists()


@pytest.mark.django_db
def test_the_migrated_programme_matches_its_document():
    """A fresh database got exactly what the data file describes, and loading the file again adds
    nothing (no duplicate on a database that already has the programme)."""
    definition = document.read()
    programme = Programme.objects.get()
    assert programme.title == definition["programme"]["title"]
    assert (programme.year_from, programme.year_to) == (
        definition["programme"]["year_from"],
        definition["programme"]["year_to"],
    )
    call_command("load_programme")
    assert Programme.objects.count() == 1


def test_the_bindings_migration_is_frozen():
    source = (MIGRATION.parent / "0008_bind_lines_to_metrics.py").read_text(encoding="utf-8")
    assert "from programme" not in source and "import document" not in source
    assert "loader" not in source.split('"""', 2)[2]  # the docstring may name it, the code not
