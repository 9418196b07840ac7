"""Programme cycles: one active programme, closing with frozen final results, copying into the
next programme, the years of the programmes driving the selectors, the report to the
Presidium saved as a dated version, and programmes as data files."""

import datetime as dt
import json
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from programme import document, execution, services
from programme.models import (
    Activity,
    ExecutionRecord,
    Indicator,
    IndicatorTarget,
    Measure,
    PresidiumReport,
    Programme,
    Section,
)
from tests.factories import presidium_user, staff_user
from tests.programme.test_dashboard import make_organizations

pytestmark = pytest.mark.django_db

# A line of the organization that stays evidence-based (no metric measures it).
CHRO_LINE = "Регулярное повышение квалификации штатного специалиста"


def first_programme() -> Programme:
    return Programme.objects.get(year_from=2023)


def chro_line(programme: Programme) -> Activity:
    return Activity.objects.get(measure__section__programme=programme, text__startswith=CHRO_LINE)


def close_first(user=None):
    return services.programme_close(
        programme=first_programme(), user=user, today=dt.date(2026, 1, 20)
    )


def next_programme(**kwargs) -> Programme:
    return services.programme_copy(
        programme=first_programme(),
        title="Программа по развитию информационной работы на 2026-2028 годы",
        year_from=2026,
        year_to=2028,
        **kwargs,
    )


def test_the_loaded_programme_is_the_active_one():
    assert first_programme().status == Programme.Status.ACTIVE


def test_only_one_programme_may_be_active():
    copy = next_programme()
    with pytest.raises(ValidationError, match="Действует программа .*сначала завершите её"):
        services.programme_activate(programme=copy)
    # The database itself refuses a second active programme, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=copy.pk).update(status=Programme.Status.ACTIVE)
    copy.status = Programme.Status.ACTIVE
    with pytest.raises(ValidationError, match="Действующая программа может быть только одна"):
        copy.full_clean()


def test_lifecycle_order():
    copy = next_programme()
    with pytest.raises(ValidationError, match="Завершить можно только действующую"):
        services.programme_close(programme=copy)
    close_first()
    with pytest.raises(ValidationError, match="Ввести в действие можно только проект"):
        services.programme_activate(programme=first_programme())
    services.programme_activate(programme=copy)
    copy.refresh_from_db()
    assert copy.status == Programme.Status.ACTIVE and copy.activated_at is not None
    overlapping = services.programme_copy(
        programme=copy, title="Пересекается", year_from=2028, year_to=2030
    )
    services.programme_close(programme=copy, today=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="Годы программы пересекаются"):
        services.programme_activate(programme=overlapping)


def test_copy_is_complete_and_moved_to_the_new_years():
    old = first_programme()
    IndicatorTarget.objects.create(indicator=old.indicators.get(number=1), year=2024, value=9000)
    IndicatorTarget.objects.create(indicator=old.indicators.get(number=1), year=2025, value=12000)
    chro_line(old).__class__.objects.filter(pk=chro_line(old).pk).update(weight=4)
    new = next_programme(note="демо")
    assert new.status == Programme.Status.DRAFT and new.copied_from == old
    for model, path in [
        (Section, "programme"),
        (Measure, "section__programme"),
        (Activity, "measure__section__programme"),
        (Indicator, "programme"),
    ]:
        assert (
            model.objects.filter(**{path: new}).count()
            == model.objects.filter(**{path: old}).count()
            > 0
        ), model
    old_lines = list(
        Activity.objects.filter(measure__section__programme=old).order_by(
            "measure__section__order", "measure__number", "order"
        )
    )
    new_lines = list(
        Activity.objects.filter(measure__section__programme=new).order_by(
            "measure__section__order", "measure__number", "order"
        )
    )
    for a, b in zip(old_lines, new_lines, strict=True):
        assert (a.text, a.schedule_kind, a.responsible, a.weight, a.due_month) == (
            b.text,
            b.schedule_kind,
            b.responsible,
            b.weight,
            b.due_month,
        )
        assert (a.metric_key, a.target_rule, a.target_value) == (
            b.metric_key,
            b.target_rule,
            b.target_value,
        )
        if a.year_from:
            assert (b.year_from, b.year_to) == (a.year_from + 3, a.year_to + 3)
    officer = Activity.objects.get(
        measure__section__programme=new,
        text="Назначение ответственного по информационной работе в своей ППО",
    )
    assert officer.schedule_text == "В течение 2027-2028 гг."
    assert chro_line(new).weight == 4
    targets = IndicatorTarget.objects.filter(indicator__programme=new, indicator__number=1)
    assert sorted(targets.values_list("year", "value")) == [(2027, 9000), (2028, 12000)]
    # Nothing of the old programme's execution is carried over.
    assert not ExecutionRecord.objects.filter(activity__measure__section__programme=new).exists()


def test_close_freezes_the_final_results():
    old = first_programme()
    staff = staff_user()
    ExecutionRecord.objects.create(
        activity=chro_line(old),
        date=dt.date(2025, 4, 18),
        text="Пройдены курсы повышения квалификации",
        evidence_url="https://example.org/akt.pdf",
    )
    result = close_first(user=staff)
    old.refresh_from_db()
    assert old.status == Programme.Status.CLOSED and result.closed_by == staff
    assert result.as_of == dt.date(2025, 12, 31)
    line = next(
        line
        for section in result.data["sections"]
        for measure in section["measures"]
        for line in measure["lines"]
        if line["text"].startswith(CHRO_LINE)
    )
    assert line["status"] == "done" and line["percent"] == 100
    assert line["records"] == [
        {"date": "2025-04-18", "text": "Пройдены курсы повышения квалификации"}
    ]
    assert {i["number"] for i in result.data["indicators"]} == {1, 2, 3}
    assert "ppos" in result.data
    frozen_overall = result.data["overall"]["percent"]

    # The data change after closing (a record removed, another line done): the live figure
    # moves, the final report does not.
    ExecutionRecord.objects.filter(activity=chro_line(old)).delete()
    ExecutionRecord.objects.create(
        activity=Activity.objects.get(
            measure__section__programme=old,
            text__startswith="Освоение и работа в системе «Битрикс 24»",
        ),
        date=dt.date(2025, 5, 1),
        text="Подключены сотрудники к «Битрикс 24»",
        evidence_url="https://example.org/vks.jpg",
    )
    live = execution.programme_execution(old, as_of=dt.date(2025, 12, 31))
    live_line = next(
        line
        for section in live["sections"]
        for measure in section["measures"]
        for line in measure["lines"]
        if line["text"].startswith(CHRO_LINE)
    )
    assert live_line["records_count"] == 0  # the change is real

    client_user = presidium_user()
    from django.test import Client

    client = Client()
    client.force_login(client_user)
    html = client.get(reverse("programme:final_report", args=[old.pk])).content.decode()
    assert "Итоги выполнения программы" in html
    assert "Пройдены курсы повышения квалификации" in html
    assert "Оснащён кабинет ВКС" not in html
    assert f"{frozen_overall}&nbsp;%" in html
    print_html = client.get(reverse("programme:final_report_print", args=[old.pk])).content
    assert "Пройдены курсы повышения квалификации" in print_html.decode()


def test_a_closed_programme_takes_no_more_records(world):
    old = first_programme()
    close_first()
    line = Activity.objects.filter(measure__section__programme=old, responsible="each_ppo").first()
    with pytest.raises(ValidationError, match="Программа завершена"):
        services.execution_record_create(
            user=world.officer_a,
            activity=line,
            organization=world.org_a,
            date=dt.date(2025, 12, 1),
            text="Поздно",
            evidence_url="https://example.org/x",
        )


def test_final_report_xlsx(client):
    close_first()
    client.force_login(presidium_user())
    response = client.get(reverse("programme:final_report_xlsx", args=[first_programme().pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="itogi-programmy-2023-2025.xlsx"'
    )
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Строки", "Индикаторы", "ППО"]
    assert workbook["Строки"]["A1"].value.startswith("Итоги выполнения программы")
    assert workbook["Строки"].max_row == 3 + 66
    headers = [c.value for c in workbook["Индикаторы"][3]]
    assert headers[3] == "Начальное значение" and headers[-1] == "Конечное значение"
    assert "Цель 2024" in headers


def test_year_selector_follows_the_programmes(client):
    client.force_login(presidium_user())
    response = client.get(reverse("programme:dashboard") + "?year=2026")
    assert response.status_code == 404
    assert "На 2026 год нет ни одной программы" in response.content.decode()
    close_first()
    new = next_programme()
    # A draft does not drive the selectors yet.
    assert client.get(reverse("programme:dashboard") + "?year=2026").status_code == 404
    services.programme_activate(programme=new)
    response = client.get(reverse("programme:dashboard") + "?year=2026")
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert response.context["programme"] == new
    assert response.context["years"] == [2023, 2024, 2025, 2026, 2027, 2028]
    response = client.get(reverse("programme:dashboard") + "?year=2025")
    assert response.context["programme"] == first_programme()
    assert reverse("programme:final_report", args=[first_programme().pk]) in (
        response.content.decode()
    )
    # Without ?year= the current year (December 2026 by the clock of the tests' machine).
    response = client.get(reverse("programme:dashboard"))
    assert response.context["programme"] == new


def test_cabinet_shows_the_active_programme_only(client, world):
    close_first()
    new = next_programme()
    services.programme_activate(programme=new)
    client.force_login(world.officer_a)
    response = client.get(reverse("programme:cabinet"))
    html = response.content.decode()
    assert "Программа по развитию информационной работы на 2026-2028 годы" in html
    lines = response.context["lines"]
    expected = Activity.objects.filter(measure__section__programme=new, responsible="each_ppo")
    assert len(lines) == expected.count() > 0
    assert {a.measure.section.programme_id for a, _e in lines} == {new.pk}
    choices = response.context["form"].fields["activity"].queryset
    assert set(choices.values_list("measure__section__programme", flat=True)) == {new.pk}


def test_programme_list_shows_the_history(client):
    close_first()
    new = next_programme(note="демо")
    services.programme_activate(programme=new)
    client.force_login(presidium_user())
    html = client.get(reverse("programme:programme_list")).content.decode()
    assert "действующая" in html and "завершена" in html
    assert reverse("programme:final_report", args=[first_programme().pk]) in html


def test_presidium_report_saved_as_a_frozen_version(client):
    programme = first_programme()
    staff = staff_user()
    client.force_login(staff)
    response = client.get(reverse("programme:presidium_report") + "?as_of=2025-06-30")
    assert response.status_code == 200
    assert "О ходе выполнения программы на 30 июня 2025 г." in response.content.decode()
    response = client.post(reverse("programme:presidium_report_save"), {"as_of": "2025-06-30"})
    version = PresidiumReport.objects.get()
    assert response["Location"] == reverse("programme:presidium_report_detail", args=[version.pk])
    assert version.as_of == dt.date(2025, 6, 30) and version.created_by == staff
    ExecutionRecord.objects.create(
        activity=chro_line(programme),
        date=dt.date(2025, 3, 1),
        text="Запись после сохранения",
        evidence_url="https://example.org/later",
    )
    presidium = presidium_user()
    client.force_login(presidium)
    html = client.get(version.get_absolute_url()).content.decode()
    assert "Запись после сохранения" not in html
    live = client.get(reverse("programme:presidium_report") + "?as_of=2025-06-30")
    assert "Запись после сохранения" in live.content.decode()
    assert "на 30.06.2025" in live.content.decode()  # the saved version is listed
    # The Presidium reads; only staff save.
    assert (
        client.post(reverse("programme:presidium_report_save"), {"as_of": "2025-06-30"}).status_code
        == 403
    )
    printed = client.get(reverse("programme:presidium_report_version_print", args=[version.pk]))
    assert "Председатель ЧРО Профсоюза" in printed.content.decode()


def test_presidium_report_bad_date(client):
    client.force_login(staff_user())
    response = client.get(reverse("programme:presidium_report") + "?as_of=2099-01-01")
    assert "Дата отчёта не может быть в будущем." in response.content.decode()
    response = client.get(reverse("programme:presidium_report") + "?as_of=31.02.2025")
    assert "Укажите дату в виде ДД.ММ.ГГГГ." in response.content.decode()
    response = client.post(reverse("programme:presidium_report_save"), {"as_of": "2020-01-01"})
    assert not PresidiumReport.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Программа утверждена 12.10.2023: выберите дату не раньше."]


@pytest.mark.parametrize("size", [5, 200])
def test_presidium_report_query_count(client, size, django_assert_max_num_queries):
    make_organizations(size)
    client.force_login(presidium_user())
    with django_assert_max_num_queries(121):  # the same at both sizes
        response = client.get(reverse("programme:presidium_report") + "?as_of=2025-12-31")
    assert response.status_code == 200
    assert f"учтено {size} ППО" in response.content.decode() or f"учтена {size} ППО" in (
        response.content.decode()
    )


def test_another_programme_is_another_file(tmp_path):
    data = json.loads(document.FIRST_PROGRAMME.read_text(encoding="utf-8"))
    data["programme"].update(
        {"title": "Программа на 2026-2028 годы (демо)", "year_from": 2026, "year_to": 2028}
    )
    path = tmp_path / "programme-2026-2028.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_programme", str(path))
    loaded = Programme.objects.get(year_from=2026)
    assert loaded.status == Programme.Status.DRAFT
    assert Activity.objects.filter(measure__section__programme=loaded).count() == 66
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": 1, "programme": {"title": "x"}}), encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="В паспорте программы не заполнено: year_from"):
        call_command("load_programme", str(broken))


@pytest.mark.parametrize("size", [3, 40])
def test_final_report_query_count(client, size, django_assert_max_num_queries):
    make_organizations(size)
    close_first()
    client.force_login(presidium_user())
    with django_assert_max_num_queries(12):  # the stored results: the same at both sizes
        response = client.get(reverse("programme:final_report", args=[first_programme().pk]))
    assert response.content.decode().count("<tr><td>") >= size  # one row per PPO
