"""Every measure and activity line of the document is in the database, word for word."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from programme import document
from programme.models import Activity, Measure, Programme, Section

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "programme" / "data" / "programme-2023-2025.txt"
SHARED = REPO.parent / "shared" / "domain" / "programme-2023-2025.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def measures_part(text: str) -> str:
    text = normalise(text)
    start = text.index("Основные мероприятия Программы")
    end = text.index("Председатель Чувашской республиканской организации")
    return text[start:end]


def expected_pieces():
    """The document's measures part in order: section titles, measure headers, activity lines
    and schedule cells, as the database holds them."""
    pieces = []
    for section in Section.objects.order_by("order"):
        pieces.append(f"{section.number}. {section.title}")
        for measure in section.measures.order_by("number"):
            pieces.append(f"{measure.number}.")
            pieces.append(measure.title)
            schedule = None
            for activity in measure.activities.order_by("order"):
                if schedule is not None and activity.schedule_text != schedule:
                    pieces.append(schedule)
                pieces.append(activity.text)
                schedule = activity.schedule_text if activity.schedule_text else ""
            pieces.append(schedule)
    return [p for p in pieces if p]


def assert_document_matches(path: Path):
    text = measures_part(path.read_text(encoding="utf-8"))
    header = "на 2023-2025 годы."
    position = text.index(header) + len(header)
    for piece in expected_pieces():
        found = text.find(piece, position)
        assert found >= 0, f"Not in the document (in order): {piece!r}"
        between = text[position:found]
        # Between the lines of the database only bullets, numbering and spaces may be left.
        # («Сроки» is the heading of the table's column.)
        assert re.fullmatch(r"[\s\-–:.\d]*(Сроки)?[\s\-–:.\d]*", between), (
            f"Unaccounted text before {piece!r}: {between!r}"
        )
        position = found + len(piece)
    assert text[position:].strip() == "", f"Unaccounted text at the end: {text[position:]!r}"


@pytest.mark.django_db
def test_committed_copy_matches_the_database():
    assert_document_matches(COMMITTED)


@pytest.mark.django_db
def test_shared_document_matches_when_present():
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    assert normalise(SHARED.read_text(encoding="utf-8")) == normalise(
        COMMITTED.read_text(encoding="utf-8")
    )
    assert_document_matches(SHARED)


@pytest.mark.django_db
def test_migration_loaded_every_line():
    lines = document.lines(document.read())
    assert Activity.objects.count() == len(lines) == 66
    assert Measure.objects.count() == 14
    assert Section.objects.count() == 2
    bullets = [
        line
        for line in COMMITTED.read_text(encoding="utf-8")
        .split("Основные мероприятия")[1]
        .splitlines()
        if line.strip().startswith("-")
    ]
    assert len(bullets) == Activity.objects.count()


@pytest.mark.django_db
def test_passport_and_schedules():
    programme = Programme.objects.get()
    assert programme.approved_on.isoformat() == "2023-10-12"
    assert "№ 8" in programme.approved_by
    assert programme.indicators.count() == 3
    officer = Activity.objects.get(
        text="Назначение ответственного по информационной работе в своей ППО"
    )
    assert officer.metric_key == "ppo.officer_share"
    assert officer.responsible == "each_ppo"
    assert (officer.schedule_kind, officer.year_from, officer.year_to) == ("period", 2024, 2025)
    report = Activity.objects.get(text__startswith="Подготовка отчета по информационной работе")
    assert (report.schedule_text, report.schedule_kind) == ("Ежемесячно", "monthly")
    blogger = Activity.objects.get(text__contains="Профсоюзный блогер")
    assert (blogger.schedule_text, blogger.schedule_kind) == ("В течение 2023 года", "during_year")
    kinds = set(Activity.objects.values_list("schedule_kind", flat=True))
    assert kinds == {"period", "during_year", "permanent", "annual", "monthly", "calendar_plan"}


@pytest.mark.django_db
def test_load_programme_is_idempotent():
    before = list(Activity.objects.order_by("pk").values_list("pk", "text", "weight"))
    Activity.objects.filter(pk=before[0][0]).update(weight=3)  # a staff edit survives a reload
    call_command("load_programme")
    call_command("load_programme")
    after = list(Activity.objects.order_by("pk").values_list("pk", "text", "weight"))
    assert [a[:2] for a in after] == [b[:2] for b in before]
    assert after[0][2] == 3
    assert Programme.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_word_is_caught():
    activity = Activity.objects.order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(text=activity.text.replace("ЧРО", "ЦК", 1))
    with pytest.raises(AssertionError):
        assert_document_matches(COMMITTED)
