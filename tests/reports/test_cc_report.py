import datetime as dt
import threading
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.celery import app as celery_app
from portal.metrics import registry
from ppo.models import MembershipSnapshot, PrimaryOrganization
from reports import services
from reports.models import CentralCommitteeReport
from reports.xlsx import cc_report_workbook
from tests.factories import MembershipFactory, OrganizationFactory

from .conftest import JANUARY, file_report, msk


@pytest.fixture
def compiled(world):
    MembershipFactory(
        organization=world.org_a, month=dt.date(2025, 1, 1), employees=100, members=90
    )
    MembershipFactory(
        organization=world.org_b, month=dt.date(2025, 1, 1), employees=300, members=150
    )
    file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3), social_posts="https://vk.com/w1")
    return services.cc_report_compile(period=JANUARY, now=msk(2025, 2, 6, 6))


def _total(report, key):
    return next(t for t in report.snapshot["totals"] if t["key"] == key)


@pytest.mark.django_db
def test_snapshot_content(world, compiled):
    data = compiled.snapshot
    assert data["period"] == "2025-01"
    # A ratio of sums, never an average of the PPOs' levels.
    assert _total(compiled, "ppo.membership_level")["value"] == 60.0
    assert _total(compiled, "reports.social_posts")["value"] == 1
    assert data["reporting"] == {
        "filed": ["ППО А"],
        "on_time": ["ППО А"],
        "late": [],
        "missing": ["ППО Б"],
    }
    row_a = next(row for row in data["rows"] if row["name"] == "ППО А")
    level = [c["key"] for c in data["columns"]].index("ppo.membership_level")
    assert row_a["values"][level] == 90.0
    assert row_a["on_time"] is True


@pytest.mark.django_db
def test_total_row_counts_yes_no_columns_instead_of_adding_them(world, compiled):
    data = compiled.snapshot
    officer = [c["key"] for c in data["columns"]].index("ppo.officer_appointed")
    # Both PPOs of the world have an officer: «2 из 2», not a sum of flags shown as a number.
    assert data["column_totals"][officer] == "2 из 2"
    level = [c["key"] for c in data["columns"]].index("ppo.membership_level")
    assert data["column_totals"][level] == 60.0


@pytest.mark.django_db
def test_snapshot_is_frozen_and_recompiled_in_place(world, compiled):
    MembershipSnapshot.objects.filter(organization=world.org_a).update(members=10)
    compiled.refresh_from_db()
    assert _total(compiled, "ppo.membership_level")["value"] == 60.0
    again = services.cc_report_compile(period=JANUARY, now=msk(2025, 2, 7, 6))
    assert again.pk == compiled.pk
    assert again.compile_count == 2
    assert _total(again, "ppo.membership_level")["value"] == 40.0
    assert CentralCommitteeReport.objects.count() == 1


@pytest.mark.django_db
def test_a_sent_report_is_never_regenerated(
    world, compiled, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cc_report_send(user=world.staff, report=compiled, commentary="Всё в порядке")
    compiled.refresh_from_db()
    assert compiled.is_sent and compiled.sent_by == world.staff and compiled.sent_at
    assert compiled.emailed_at
    (message,) = mailoutbox
    assert message.to == ["ck@test.invalid"]
    assert "январь 2025" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name == "otchet-ck-2025-01.xlsx" and "spreadsheetml" in mimetype
    assert load_workbook(BytesIO(content)).sheetnames == ["Итоги", "По ППО"]
    sent = registry.get("reports.cc_report_sent")
    assert sent.total(JANUARY, [world.org_a.pk]) == 1
    assert sent.total(JANUARY.next(), [world.org_a.pk]) == 0
    with pytest.raises(ValidationError, match="уже отправлен в ЦК"):
        services.cc_report_compile(period=JANUARY)
    with pytest.raises(ValidationError, match="уже отправлен"):
        services.cc_report_send(user=world.staff, report=compiled)


@pytest.mark.django_db
def test_send_without_address(world, compiled, settings):
    settings.CENTRAL_COMMITTEE_EMAIL = ""
    with pytest.raises(ValidationError, match="CENTRAL_COMMITTEE_EMAIL"):
        services.cc_report_send(user=world.staff, report=compiled)


@pytest.mark.django_db
def test_xlsx_has_russian_headers_widths_and_totals(world, compiled):
    book = load_workbook(BytesIO(cc_report_workbook(compiled)))
    table = book["По ППО"]
    rows = [[c.value for c in row] for row in table.iter_rows()]
    assert rows[2][0] == "ППО" and "Уровень профсоюзного членства, %" in rows[2]
    assert rows[-1][0] == "Итого по ЧРО"
    level = rows[2].index("Уровень профсоюзного членства, %")
    assert rows[-1][level] == 60.0
    assert table.column_dimensions["A"].width == 40
    assert book["Итоги"]["A3"].value == "Показатель"


@pytest.mark.django_db
def test_management_command(world):
    call_command("monthly_report", "--month", "2025-01")
    assert CentralCommitteeReport.objects.get().month == dt.date(2025, 1, 1)
    with pytest.raises(CommandError, match="ГГГГ-ММ"):
        call_command("monthly_report", "--month", "январь")


@pytest.mark.django_db
def test_compile_task_defaults_to_the_previous_month(world, monkeypatch, mailoutbox):
    from django.utils import timezone

    from reports.tasks import compile_cc_report

    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 3, 1, 6))
    report_id = compile_cc_report()
    assert CentralCommitteeReport.objects.get(pk=report_id).month == dt.date(2025, 2, 1)
    # Staff are told that the report waits for their review.
    (message,) = mailoutbox
    assert message.to == [world.staff.email]
    assert f"/staff/reports/cc/{report_id}/" in message.body


def test_beat_schedule():
    schedule = celery_app.conf.beat_schedule["reports-compile-cc-report"]
    assert schedule["task"] == "reports.tasks.compile_cc_report"
    crontab = schedule["schedule"]
    assert crontab.hour == {6} and crontab.minute == {0} and crontab.day_of_month == {1}
    assert "reports-monthly-report-reminders" in celery_app.conf.beat_schedule


@pytest.mark.django_db
def test_query_count_does_not_depend_on_the_number_of_ppos(django_assert_max_num_queries):
    def make(n, start):
        PrimaryOrganization.objects.bulk_create(
            PrimaryOrganization(
                full_name=f"ППО организации {i}",
                short_name=f"ППО {i}",
                slug=f"ppo-bulk-{i}",
                medical_organization=f"Больница {i}",
                locality="Чебоксары",
                joined_on=dt.date(2000, 1, 1),
            )
            for i in range(start, start + n)
        )
        organizations = PrimaryOrganization.objects.filter(slug__startswith="ppo-bulk-")
        MembershipSnapshot.objects.bulk_create(
            MembershipSnapshot(organization=o, month=dt.date(2025, 1, 1), employees=10, members=5)
            for o in organizations
            if not o.membership_snapshots.exists()
        )

    make(10, 0)
    services.cc_report_compile(period=JANUARY)  # creating the row costs a few queries more
    with django_assert_max_num_queries(60) as small:
        services.cc_report_compile(period=JANUARY)
    make(1990, 10)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        report = services.cc_report_compile(period=JANUARY)
    assert len(report.snapshot["rows"]) == 2000
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_compilations_leave_one_report():
    OrganizationFactory.create_batch(3)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            services.cc_report_compile(period=JANUARY)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    report = CentralCommitteeReport.objects.get()
    assert report.compile_count == 2


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_comment_and_send_from_the_page(
    client, world, compiled, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    url = reverse("reports:cc_send", kwargs={"pk": compiled.pk})
    client.post(url, {"commentary": "Черновик пояснений", "save": ""})
    compiled.refresh_from_db()
    assert compiled.commentary == "Черновик пояснений" and not compiled.is_sent
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"commentary": "Итоговые пояснения", "send": ""})
    assert response.status_code == 302
    compiled.refresh_from_db()
    assert compiled.is_sent and compiled.commentary == "Итоговые пояснения"
    assert len(mailoutbox) == 1
    page = client.get(reverse("reports:cc_detail", kwargs={"pk": compiled.pk}))
    assert "Отправлен в ЦК" in page.content.decode()
    assert not page.context["can_send"]


@pytest.mark.django_db
def test_presidium_reads_but_cannot_send(client, world, compiled):
    client.force_login(world.presidium)
    detail = client.get(reverse("reports:cc_detail", kwargs={"pk": compiled.pk}))
    assert detail.status_code == 200 and not detail.context["can_send"]
    url = reverse("reports:cc_send", kwargs={"pk": compiled.pk})
    assert client.post(url, {"commentary": "x", "send": ""}).status_code == 403
    compiled.refresh_from_db()
    assert not compiled.is_sent


@pytest.mark.django_db
def test_staff_compile_from_the_page(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("reports:cc_compile"), {"month": "2025-01"})
    report = CentralCommitteeReport.objects.get()
    assert response["Location"] == reverse("reports:cc_detail", kwargs={"pk": report.pk})
    next_year = f"{timezone.localdate().year + 1}-01"
    response = client.post(reverse("reports:cc_compile"), {"month": next_year}, follow=True)
    assert "будущий месяц" in response.content.decode()
    # Beyond the forms' date window the form itself refuses it.
    response = client.post(reverse("reports:cc_compile"), {"month": "2099-01"}, follow=True)
    assert "Укажите дату с 01.01.2000" in response.content.decode()


@pytest.mark.django_db
def test_admin_recompile_action(client, world, compiled):
    client.force_login(world.staff)
    client.post(
        reverse("admin:reports_centralcommitteereport_changelist"),
        {"action": "recompile", "_selected_action": [compiled.pk]},
    )
    compiled.refresh_from_db()
    assert compiled.compile_count == 2


@pytest.mark.django_db
def test_xlsx_summary_lists_who_reported(world, compiled):
    summary = load_workbook(BytesIO(cc_report_workbook(compiled)))["Итоги"]
    cells = {row[0].value: row[1].value for row in summary.iter_rows() if row[0].value}
    assert cells["ППО сдали отчёт"] == "ППО А"
    assert cells["Не сдали отчёт"] == "ППО Б"


@pytest.mark.django_db
def test_a_metric_registered_later_appears_in_the_report(world, monkeypatch):
    """The report lists metrics by key: one whose app is not (yet) registered is left out, and it
    appears as soon as the app registers it."""
    key = "ppo.publications_approved"
    without = {k: m for k, m in registry._metrics.items() if k != key}
    monkeypatch.setattr(registry, "_metrics", without)
    report = services.cc_report_compile(period=JANUARY)
    assert key not in {row["key"] for row in report.snapshot["totals"]}

    monkeypatch.undo()
    assert key in registry
    report = services.cc_report_compile(period=JANUARY)
    assert _total(report, key)["value"] == 0  # no publications is a fact, not unknown
    assert report.snapshot["no_publications"] == ["ППО А", "ППО Б"]
