"""Browser tests of reports: the officer's monthly report; the report to the Central Committee."""

import datetime as dt

import pytest

from portal.periods import Period
from reports.models import CentralCommitteeReport, PpoMonthlyReport
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CENTRAL_COMMITTEE_EMAIL = "ck@test.invalid"


def test_officer_fills_and_submits_the_monthly_report(page, live_server, world):
    login(page, live_server, world.officer_a)
    page.goto(f"{live_server.url}/cabinet/reports/")
    page.get_by_role("link", name="Ежемесячный отчёт").first.wait_for()
    previous = Period.current_month().previous()
    row = page.locator("#monthly-reports tr", has_text=str(previous).capitalize())
    row.get_by_role("link", name="Заполнить").click()
    page.get_by_label("Публикации в социальных сетях").fill("просто текст")
    page.get_by_role("button", name="Отправить отчёт").click()
    assert page.get_by_text("Не похоже на ссылку").is_visible()
    page.get_by_label("Публикации в социальных сетях").fill(
        "https://vk.com/wall-1_10\nhttps://t.me/ppo_a/7"
    )
    page.get_by_label("Обновлений профсоюзного стенда").fill("2")
    page.get_by_label("Освещённые мероприятия").fill("Турнир по волейболу (демо)")
    page.get_by_role("button", name="Отправить отчёт").click()
    page.get_by_text("отправлен в аппарат ЧРО").wait_for()
    report = PpoMonthlyReport.objects.get(organization=world.org_a)
    assert report.status == "submitted"
    assert report.stand_updates == 2
    assert report.period == Period.current_month().previous()


def test_staff_review_comment_and_send_the_cc_report(page, live_server, world, mailoutbox):
    login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/staff/reports/cc/")
    page.get_by_label("Месяц").fill(Period.current_month().previous().code)
    page.get_by_role("button", name="Сформировать").click()
    page.get_by_role("heading", name="Итоги по ЧРО").wait_for()
    assert page.locator("#cc-ppo-table").get_by_text("ППО А").is_visible()
    page.get_by_label("Пояснения аппарата").fill("Отчёт за месяц (демо): всё по плану.")
    page.get_by_role("button", name="Отправить в ЦК").click()
    page.get_by_text("Отчёт отправлен в ЦК.").wait_for()
    report = CentralCommitteeReport.objects.get()
    assert report.is_sent and report.sent_by == world.staff
    assert report.commentary == "Отчёт за месяц (демо): всё по плану."
    (message,) = mailoutbox
    assert message.to == ["ck@test.invalid"]
    assert message.attachments[0][0] == report.filename
    assert "всё по плану" in message.body


def test_a_sent_cc_report_is_followed_by_a_correction_after_membership_is_corrected(
    page, live_server, world, mailoutbox
):
    """December 2025 compiled and sent; December's membership is corrected afterwards; staff
    see the difference on the sent report and send a corrected version."""
    from ppo.models import MembershipSnapshot
    from reports import services

    MembershipSnapshot.objects.create(
        organization=world.org_a, month="2025-12-01", employees=100, members=90
    )
    sent = services.cc_report_compile(period=Period.month(2025, 12))
    services.cc_report_send(user=world.staff, report=sent)

    # December is closed to the officer (its year has passed): staff correct it.
    from ppo import services as ppo_services

    ppo_services.membership_record(
        user=world.staff,
        organization=world.org_a,
        month=dt.date(2025, 12, 1),
        employees=100,
        members=80,
    )

    login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/staff/reports/cc/{sent.pk}/")
    notice = page.locator("#cc-changes")
    notice.get_by_text("Данные изменились после формирования").wait_for()
    row = notice.locator("tr", has_text="ППО А")
    assert "90,0" in row.inner_text() and "80,0" in row.inner_text()
    page.get_by_role("button", name="Сформировать исправленный отчёт").click()
    page.get_by_text("Сформирован исправленный отчёт").wait_for()
    assert page.locator("#cc-corrections").get_by_text("Исправляет отчёт").is_visible()
    page.get_by_role("button", name="Отправить исправленный отчёт в ЦК").click()
    page.get_by_text("Отчёт отправлен в ЦК.").wait_for()
    versions = list(CentralCommitteeReport.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2] and all(v.is_sent for v in versions)
    assert versions[0].snapshot == sent.snapshot
    page.goto(f"{live_server.url}/staff/reports/cc/")
    assert page.get_by_text("исправленный, версия 2").is_visible()


def test_staff_compute_preview_and_publish_the_rating(page, live_server, world):
    from reports import rating
    from reports.models import Rating, RatingCriterion
    from tests.factories import MembershipFactory

    MembershipFactory(
        organization=world.org_a, month=dt.date(2025, 12, 1), employees=100, members=90
    )
    RatingCriterion.objects.create(
        year=2025,
        metric_key="ppo.membership_level",
        weight=1,
        rule="bands",
        params={"bands": rating.MEMBERSHIP_BANDS},
    )
    login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/staff/rating/?year=2025")
    # No broker in the tests: the job runs inline and the page shows its result at once.
    page.get_by_role("button", name="Рассчитать рейтинг за 2025").click()
    page.get_by_text("Расчёт завершён").wait_for()
    assert page.locator("#rating-draft-table").get_by_text("ППО А").is_visible()
    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_text("Рейтинг опубликован.").wait_for()
    assert Rating.objects.get(year=2025).is_published
