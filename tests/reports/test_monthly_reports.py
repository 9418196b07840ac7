import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.metrics import registry
from portal.periods import Period
from reports import services
from reports.models import PpoMonthlyReport
from tests.factories import AppointmentFactory, MembershipFactory, OrganizationFactory

from .conftest import JANUARY, file_report, msk

pytestmark = pytest.mark.django_db


def test_on_time_late_and_missing(world):
    org_c = OrganizationFactory()
    on_time = file_report(world.officer_a, world.org_a, at=msk(2025, 2, 5, 23, 59))
    late = file_report(world.officer_b, world.org_b, at=msk(2025, 2, 6, 0, 1))
    assert on_time.is_on_time is True
    assert late.is_on_time is False
    ids = [world.org_a.pk, world.org_b.pk, org_c.pk]
    assert registry.get("reports.monthly_report_on_time").values(JANUARY, ids) == {
        world.org_a.pk: 1,
        world.org_b.pk: 0,
        org_c.pk: 0,
    }
    filed = registry.get("reports.monthly_reports_filed")
    assert filed.values(JANUARY, ids) == {world.org_a.pk: 1, world.org_b.pk: 1, org_c.pk: 0}
    assert filed.total(Period.for_year(2025), ids) == 2


def test_deadline_day_is_a_setting(world, settings):
    settings.REPORTS_DEADLINE_DAY = 10
    report = file_report(world.officer_a, world.org_a, at=msk(2025, 2, 9, 12))
    assert report.deadline == dt.date(2025, 2, 10)
    assert report.is_on_time is True


def test_portal_figures_are_prefilled_not_typed(world):
    MembershipFactory(
        organization=world.org_a, month=dt.date(2025, 1, 1), employees=200, members=150
    )
    report = file_report(world.officer_a, world.org_a, at=msk(2025, 2, 2, 10))
    assert report.figures["ppo.membership_level"]["value"] == 75.0
    assert report.figures["ppo.members"]["value"] == 150
    assert report.figures["ppo.subscribers"]["value"] == 100  # the world's channel count


def test_state_machine(world):
    report = file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3, 10), stand_updates=2)
    assert report.status == PpoMonthlyReport.Status.SUBMITTED
    with pytest.raises(ValidationError, match="закрыт для изменений"):
        file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3, 11))
    with pytest.raises(ValidationError, match="Напишите, что нужно исправить"):
        services.monthly_report_return(user=world.staff, report=report, comment="  ")
    with pytest.raises(PermissionDenied):
        services.monthly_report_accept(user=world.officer_a, report=report)

    report = services.monthly_report_return(
        user=world.staff, report=report, comment="Добавьте ссылки"
    )
    assert report.status == PpoMonthlyReport.Status.RETURNED
    resubmitted = file_report(
        world.officer_a, world.org_a, at=msk(2025, 2, 9, 10), social_posts="https://vk.com/wall-1_2"
    )
    # Timeliness is decided by the first submission.
    assert resubmitted.is_on_time is True
    assert resubmitted.first_submitted_at == msk(2025, 2, 3, 10)

    accepted = services.monthly_report_accept(user=world.staff, report=resubmitted)
    assert accepted.status == PpoMonthlyReport.Status.ACCEPTED
    with pytest.raises(ValidationError, match="закрыт для изменений"):
        file_report(world.officer_a, world.org_a, at=msk(2025, 3, 1, 10))
    # Only staff reopen an accepted report.
    reopened = services.monthly_report_return(user=world.staff, report=accepted, comment="Уточните")
    assert reopened.status == PpoMonthlyReport.Status.RETURNED


def test_bad_links_future_month_and_too_early(world):
    with pytest.raises(ValidationError, match="Не похоже на ссылку: vk wall"):
        file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3), social_posts="vk wall")
    with pytest.raises(ValidationError, match="будущий месяц"):
        file_report(world.officer_a, world.org_a, at=msk(2025, 1, 3), period=Period.month(2025, 2))
    with pytest.raises(ValidationError, match="последний день месяца"):
        file_report(world.officer_a, world.org_a, at=msk(2025, 1, 20))
    assert not PpoMonthlyReport.objects.exists()


def test_an_officer_cannot_file_for_another_ppo(world):
    with pytest.raises(PermissionDenied):
        file_report(world.officer_b, world.org_a, at=msk(2025, 2, 3))


def test_reminder_recipients_with_fixed_dates(world):
    org_c = OrganizationFactory()
    officer_c = AppointmentFactory(organization=org_c).user
    ended = OrganizationFactory()
    AppointmentFactory(organization=ended, ends_on=dt.date(2025, 1, 15))
    file_report(world.officer_a, world.org_a, at=msk(2025, 1, 31, 10))
    # A draft is still missing.
    services.monthly_report_save(
        user=officer_c, organization=org_c, period=JANUARY, on=msk(2025, 1, 31, 10)
    )
    expected = sorted([world.officer_b.email, officer_c.email])
    for day in (dt.date(2025, 2, 1), dt.date(2025, 2, 4)):
        recipients = services.reminder_recipients(day)
        assert sorted(email for email, _, _ in recipients) == expected
        assert {period for _, _, period in recipients} == {JANUARY}
    assert services.reminder_recipients(dt.date(2025, 2, 3)) == []
    assert services.reminder_recipients(dt.date(2025, 2, 5)) == []


def test_reminder_task_sends_mail(world, monkeypatch, mailoutbox):
    from django.utils import timezone

    from reports.tasks import send_monthly_report_reminders

    monkeypatch.setattr(timezone, "now", lambda: msk(2025, 2, 1, 9))
    assert send_monthly_report_reminders() == 2
    assert {m.to[0] for m in mailoutbox} == {world.officer_a.email, world.officer_b.email}
    assert "январь 2025" in mailoutbox[0].subject


# --- Pages -------------------------------------------------------------------------------------


def _form_data(**overrides):
    data = {
        "social_posts": "https://vk.com/wall-1_1\nhttps://t.me/ppo/5",
        "union_page_url": "",
        "stand_updates": "1",
        "printed_materials": "",
        "subscriptions_solidarnost": "3",
        "subscriptions_vremya": "0",
        "subscriptions_puls": "0",
        "subscriptions_tema": "0",
        "events_covered": "День медицинского работника",
        "contests": "",
        "problems": "",
    }
    data.update(overrides)
    return data


def test_officer_fills_and_submits_in_the_cabinet(client, world):
    client.force_login(world.officer_a)
    url = reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 1})
    response = client.post(url, {**_form_data(), "save": ""})
    assert response.status_code == 302
    report = PpoMonthlyReport.objects.get(organization=world.org_a)
    assert report.status == "draft"
    response = client.post(url, {**_form_data(), "submit": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert len(report.social_post_links()) == 2
    page = client.get(reverse("reports:monthly_list"))
    assert "отправлен" in page.content.decode()


def test_bad_input_keeps_what_was_typed(client, world):
    client.force_login(world.officer_a)
    url = reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 1})
    response = client.post(
        url, {**_form_data(social_posts="просто текст"), "submit": "", "union_page_checked": "on"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Не похоже на ссылку" in form.errors["social_posts"][0]
    assert "День медицинского работника" in response.content.decode()
    assert not PpoMonthlyReport.objects.exists()


def test_crafted_post_of_officer_b_never_touches_ppo_a(client, world):
    file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3), stand_updates=7)
    client.force_login(world.officer_b)
    url = reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 1})
    client.post(url, {**_form_data(stand_updates="99"), "organization": world.org_a.pk})
    assert PpoMonthlyReport.objects.get(organization=world.org_a).stand_updates == 7
    assert PpoMonthlyReport.objects.get(organization=world.org_b).stand_updates == 99


def test_officer_list_puts_due_months_first(client, world):
    client.force_login(world.officer_a)
    rows = client.get(reverse("reports:monthly_list")).context["rows"]
    assert len(rows) == 12
    flags = [row.needs_action for row in rows]
    assert flags == sorted(flags, reverse=True)


def test_staff_matrix_and_export(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3))
    file_report(world.officer_b, world.org_b, at=msk(2025, 2, 20))
    client.force_login(world.staff)
    page = client.get(reverse("reports:matrix"), {"year": 2025})
    assert page.status_code == 200
    matrix = dict(page.context["matrix"])
    assert matrix[world.org_a][0].timeliness == "on_time"
    assert matrix[world.org_b][0].timeliness == "late"
    assert matrix[world.org_a][1].state in ("missing", "due")
    response = client.get(reverse("reports:matrix_export"), {"year": 2025})
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[2][:2] == ["ППО", "январь 2025"]
    assert values[3][1] == "отправлен, в срок"
    assert values[4][1] == "отправлен, с опозданием"
    assert values[-1][:2] == ["Сдано отчётов", 2]


def test_staff_return_requires_comment_on_the_page(client, world):
    report = file_report(world.officer_a, world.org_a, at=msk(2025, 2, 3))
    client.force_login(world.staff)
    url = reverse("reports:monthly_review", kwargs={"pk": report.pk})
    response = client.post(url, {"return": "", "comment": ""})
    assert response.status_code == 200
    assert "Напишите, что нужно исправить" in response.content.decode()
    client.post(url, {"accept": ""})
    report.refresh_from_db()
    assert report.status == "accepted"


def test_query_count_of_the_matrix_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    url = reverse("reports:matrix")
    with django_assert_max_num_queries(12):
        client.get(url)
    OrganizationFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_matrix_months_are_headed_in_russian(client, world):
    client.force_login(world.staff)
    body = client.get(reverse("reports:matrix"), {"year": 2025}).content.decode()
    assert '<th class="text-nowrap" title="январь 2025">янв. 2025</th>' in body
    assert "сент. 2025" in body and "дек. 2025" in body
    assert "2025-01" not in body.split("<thead")[1].split("</thead>")[0]
