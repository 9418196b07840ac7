"""Frozen outputs know their inputs: the December 2025 CC report, the 2025 rating and an
accepted December report notice when December's membership is corrected afterwards."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from portal.periods import Period
from ppo import services as ppo_services
from ppo.models import MembershipSnapshot, PrimaryOrganization
from reports import rating, services
from reports.models import (
    CentralCommitteeReport,
    FrozenOutputEvent,
    PpoMonthlyReport,
    Rating,
    RatingCriterion,
    RatingResult,
)
from reports.tasks import check_frozen_outputs
from tests.factories import MembershipFactory

from .conftest import file_report, msk

DECEMBER = Period.month(2025, 12)
LEVEL = "Уровень профсоюзного членства"
MEMBERS = "Члены профсоюза"


@pytest.fixture
def outputs(world):
    """December 2025: A has 90 of 100 members, B 150 of 300 (the ЧРО: 240 of 400, 60 %).
    A's December report accepted, the December CC report compiled, the 2025 rating computed."""
    MembershipFactory(
        organization=world.org_a, month=dt.date(2025, 12, 1), employees=100, members=90
    )
    MembershipFactory(
        organization=world.org_b, month=dt.date(2025, 12, 1), employees=300, members=150
    )
    monthly = file_report(world.officer_a, world.org_a, at=msk(2026, 1, 3), period=DECEMBER)
    monthly = services.monthly_report_accept(user=world.staff, report=monthly)
    cc = services.cc_report_compile(period=DECEMBER, now=msk(2026, 1, 6, 6))
    RatingCriterion.objects.create(
        year=2025,
        metric_key="ppo.membership_level",
        weight=1,
        rule="bands",
        params={"bands": rating.MEMBERSHIP_BANDS},
    )
    services.rating_compute(year=2025, now=msk(2026, 1, 15, 7))
    return {"monthly": monthly, "cc": cc, "rating": Rating.objects.get(year=2025)}


def correct_december(world, members=80):
    """Staff correct December's membership (a closed month: the officer may no longer)."""
    ppo_services.membership_record(
        user=world.staff,
        organization=world.org_a,
        month=dt.date(2025, 12, 1),
        employees=100,
        members=members,
    )


def triples(changes):
    return [(c["organization"], c["figure"], c["old"], c["new"]) for c in changes]


CC_DIFFERENCE = [
    (None, LEVEL, 60.0, 57.5),
    (None, MEMBERS, 240, 230),
    ("ППО А", LEVEL, 90.0, 80.0),
]


# --- The report to the Central Committee -------------------------------------------------------


@pytest.mark.django_db
def test_cc_report_shows_the_exact_difference_and_recompiling_clears_it(client, world, outputs):
    cc = outputs["cc"]
    client.force_login(world.staff)
    url = reverse("reports:cc_detail", kwargs={"pk": cc.pk})
    assert "Данные изменились после формирования" not in client.get(url).content.decode()

    correct_december(world)
    page = client.get(url)
    html = page.content.decode()
    assert "Данные изменились после формирования" in html
    assert triples(page.context["changes"]) == CC_DIFFERENCE
    assert page.context["can_recompile"] and not page.context["can_correct"]
    # The page stores what it found, for the lists.
    cc.refresh_from_db()
    assert triples(cc.changes) == CC_DIFFERENCE
    listed = client.get(reverse("reports:cc_list")).content.decode()
    assert "данные изменились" in listed

    response = client.post(reverse("reports:cc_recompile", kwargs={"pk": cc.pk}))
    assert response["Location"] == url
    page = client.get(url)
    assert "Данные изменились после формирования" not in page.content.decode()
    cc.refresh_from_db()
    assert cc.changes == [] and cc.compile_count == 2 and cc.compiled_by == world.staff
    level = next(t for t in cc.snapshot["totals"] if t["key"] == "ppo.membership_level")
    assert level["value"] == 57.5
    event = FrozenOutputEvent.objects.filter(kind="cc_report", action="recompiled").get()
    assert event.user == world.staff and triples(event.changes) == CC_DIFFERENCE


@pytest.mark.django_db
def test_presidium_sees_the_difference_but_cannot_recompile(client, world, outputs):
    correct_december(world)
    client.force_login(world.presidium)
    page = client.get(reverse("reports:cc_detail", kwargs={"pk": outputs["cc"].pk}))
    assert "Данные изменились после формирования" in page.content.decode()
    assert not page.context["can_recompile"]
    assert "Сформировать заново" not in page.content.decode()
    response = client.post(reverse("reports:cc_recompile", kwargs={"pk": outputs["cc"].pk}))
    assert response.status_code == 403
    outputs["cc"].refresh_from_db()
    assert outputs["cc"].compile_count == 1


@pytest.mark.django_db
def test_a_sent_report_keeps_its_version_and_is_followed_by_a_correction(
    client, world, outputs, mailoutbox, django_capture_on_commit_callbacks
):
    cc = outputs["cc"]
    with django_capture_on_commit_callbacks(execute=True):
        services.cc_report_send(user=world.staff, report=cc)
    sent_snapshot = CentralCommitteeReport.objects.get(pk=cc.pk).snapshot
    correct_december(world)
    with pytest.raises(ValidationError, match="сформируйте исправленный отчёт"):
        services.cc_report_compile(period=DECEMBER)

    client.force_login(world.staff)
    page = client.get(reverse("reports:cc_detail", kwargs={"pk": cc.pk}))
    assert page.context["can_correct"] and not page.context["can_recompile"]
    assert "Сформировать исправленный отчёт" in page.content.decode()
    response = client.post(reverse("reports:cc_correct", kwargs={"pk": cc.pk}))
    correction = CentralCommitteeReport.objects.get(month=DECEMBER.first_day, version=2)
    assert response["Location"] == reverse("reports:cc_detail", kwargs={"pk": correction.pk})
    assert correction.corrects == cc and not correction.is_sent
    assert triples(correction.corrections) == CC_DIFFERENCE
    # The sent version is kept as it was sent.
    cc.refresh_from_db()
    assert cc.is_sent and cc.snapshot == sent_snapshot
    # Asked again, the correction in preparation is returned, not a third version.
    assert services.cc_report_correct(user=world.staff, report=cc) == correction

    page = client.get(reverse("reports:cc_detail", kwargs={"pk": correction.pk})).content.decode()
    assert "Исправленный отчёт" in page and "Исправляет отчёт, отправленный в ЦК" in page
    assert "Данные изменились после формирования" not in page
    old = client.get(reverse("reports:cc_detail", kwargs={"pk": cc.pk}))
    assert old.context["corrected_by"] == correction and old.context["changes"] == []
    listed = client.get(reverse("reports:cc_list"))
    assert [r.pk for r in listed.context["reports"]] == [correction.pk, cc.pk]
    assert "исправленный, версия 2" in listed.content.decode()

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cc_report_send(user=world.staff, report=correction)
    (message,) = mailoutbox
    assert "Исправленный отчёт ЧРО" in message.subject
    assert "ППО А: Уровень профсоюзного членства — было 90,0, стало 80,0" in message.body
    name, content, _type = message.attachments[0]
    assert name == "otchet-ck-2025-12-v2.xlsx"
    sheet = load_workbook(BytesIO(content))["Исправления"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert ["ППО А", LEVEL, "%", 90, 80] in rows
    # Two versions kept, both sent.
    assert CentralCommitteeReport.objects.filter(status="sent").count() == 2


@pytest.mark.django_db
def test_nothing_to_correct_when_the_data_did_not_change(world, outputs):
    services.cc_report_send(user=world.staff, report=outputs["cc"])
    with pytest.raises(ValidationError, match="исправлять нечего"):
        services.cc_report_correct(user=world.staff, report=outputs["cc"])
    assert CentralCommitteeReport.objects.count() == 1


# --- The rating ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rating_shows_the_difference_recomputes_and_is_corrected_after_publication(
    client, world, outputs
):
    first = outputs["rating"]
    url = reverse("reports:rating_table")
    client.force_login(world.staff)
    correct_december(world)
    page = client.get(url, {"year": 2025})
    assert "Данные изменились после формирования" in page.content.decode()
    assert triples(page.context["changes"]) == [("ППО А", LEVEL, 90.0, 80.0)]
    assert page.context["can_recompute"] and not page.context["can_correct"]

    client.post(reverse("reports:rating_recompute", kwargs={"pk": first.pk}))
    page = client.get(url, {"year": 2025})
    assert "Данные изменились после формирования" not in page.content.decode()
    result_a = RatingResult.objects.get(rating=first, organization=world.org_a)
    assert result_a.breakdown[0]["raw"] == 80.0 and result_a.total == 60  # band 71-80: 60

    client.post(reverse("reports:rating_publish", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    assert first.is_published and first.published_by == world.staff
    with pytest.raises(ValidationError, match="исправленную версию"):
        services.rating_compute(year=2025)

    correct_december(world, members=95)
    page = client.get(url, {"year": 2025})
    assert triples(page.context["changes"]) == [("ППО А", LEVEL, 80.0, 95.0)]
    assert page.context["can_correct"]
    client.post(reverse("reports:rating_correct", kwargs={"pk": first.pk}))
    second = Rating.objects.get(year=2025, version=2)
    assert second.corrects == first and not second.is_published
    assert triples(second.corrections) == [("ППО А", LEVEL, 80.0, 95.0)]
    # Until the correction is published everyone reads the published version, unchanged.
    page = client.get(url, {"year": 2025})
    assert page.context["rating"] == first and page.context["newer"] == second
    assert RatingResult.objects.get(rating=first, organization=world.org_a).total == 60
    page = client.get(url, {"year": 2025, "version": 2})
    html = page.content.decode()
    assert "Исправляет рейтинг, опубликованный" in html
    assert RatingResult.objects.get(rating=second, organization=world.org_a).total == 100
    client.post(reverse("reports:rating_publish", kwargs={"pk": second.pk}))
    assert client.get(url, {"year": 2025}).context["rating"] == second
    client.force_login(world.officer_a)
    officer = client.get(reverse("reports:rating_officer"), {"year": 2025})
    assert officer.context["result"].rating == second


@pytest.mark.django_db
def test_a_rating_is_published_only_after_its_year(world, outputs):
    RatingCriterion.objects.create(
        year=2026, metric_key="ppo.membership_level", weight=1, rule="linear", params={"target": 9}
    )
    services.rating_compute(year=2026, now=msk(2026, 6, 1))
    preview = Rating.objects.get(year=2026)
    with pytest.raises(ValidationError, match="Год ещё не закончился"):
        services.rating_publish(user=world.staff, rating_run=preview, now=msk(2026, 12, 31, 12))


# --- The PPO's monthly report -------------------------------------------------------------------


@pytest.mark.django_db
def test_accepted_monthly_report_shows_staff_the_change_and_is_accepted_again(
    client, world, outputs
):
    monthly = outputs["monthly"]
    url = reverse("reports:monthly_review", kwargs={"pk": monthly.pk})
    client.force_login(world.staff)
    assert "Данные изменились после формирования" not in client.get(url).content.decode()
    correct_december(world)
    page = client.get(url)
    assert "Данные изменились после формирования" in page.content.decode()
    assert triples(page.context["changes"]) == [
        ("ППО А", MEMBERS, 90, 80),
        ("ППО А", LEVEL, 90.0, 80.0),
    ]
    matrix = client.get(reverse("reports:matrix"), {"year": 2025}).content.decode()
    assert "данные изменились" in matrix

    client.post(url, {"accept": ""})
    monthly.refresh_from_db()
    assert monthly.status == "accepted" and monthly.changes == []
    assert monthly.figures["ppo.members"]["value"] == 80
    assert "Данные изменились после формирования" not in client.get(url).content.decode()
    event = FrozenOutputEvent.objects.get(kind="monthly_report", action="reaccepted")
    assert event.user == world.staff and len(event.changes) == 2
    with pytest.raises(ValidationError, match="принимать заново нечего"):
        services.monthly_report_accept(user=world.staff, report=monthly)


@pytest.mark.django_db
def test_the_officer_sees_that_the_accepted_report_changed_with_who_and_when(
    client, world, outputs
):
    url = reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 12})
    client.force_login(world.officer_a)
    page = client.get(url)
    assert "Данные изменились после формирования" not in page.content.decode()
    assert page.context["changes"] == []

    correct_december(world)
    page = client.get(url)
    html = page.content.decode()
    assert "Данные изменились после формирования" in html
    assert triples(page.context["changes"]) == [
        ("ППО А", MEMBERS, 90, 80),
        ("ППО А", LEVEL, 90.0, 80.0),
    ]
    # The report keeps the figures it was accepted with; the notice says what they became.
    assert page.context["figures"]["ppo.members"]["value"] == 90
    assert 'id="report-changes-table"' in html
    (correction,) = page.context["corrections"]
    assert correction.changed_by == world.staff and correction.by_staff
    corrections = html[html.index('id="report-corrections"') :]
    assert world.staff.full_name in corrections and "членов профсоюза 90 → 80" in corrections
    outputs["monthly"].refresh_from_db()
    assert outputs["monthly"].is_stale  # stored: the officer's list of months marks it

    # Accepted again by staff, the notice is gone.
    services.monthly_report_accept(user=world.staff, report=outputs["monthly"])
    page = client.get(url)
    assert "Данные изменились после формирования" not in page.content.decode()
    assert page.context["figures"]["ppo.members"]["value"] == 80


@pytest.mark.django_db
def test_another_officer_never_sees_the_report(client, world, outputs):
    correct_december(world)
    client.force_login(world.officer_b)
    page = client.get(reverse("reports:monthly_edit", kwargs={"year": 2025, "month": 12}))
    assert page.context["report"] is None and page.context["changes"] == []


# --- The admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_shows_the_versions_and_their_history_read_only(client, world, outputs):
    from tests.factories import UserFactory

    services.cc_report_send(user=world.staff, report=outputs["cc"])
    correct_december(world)
    correction = services.cc_report_correct(user=world.staff, report=outputs["cc"])
    services.rating_publish(user=world.staff, rating_run=outputs["rating"])
    services.rating_correct(user=world.staff, rating_run=outputs["rating"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    index = client.get(reverse("admin:index"))
    group = next(g for g in index.context["app_list"] if g["name"] == "Отчёты и рейтинг")
    names = [m["object_name"] for m in group["models"]]
    assert {"Rating", "FrozenOutputEvent"} <= set(names)

    ratings = client.get(reverse("admin:reports_rating_changelist"))
    assert [(r.year, r.version) for r in ratings.context["cl"].result_list] == [
        (2025, 2),
        (2025, 1),
    ]
    assert "Добавить расчёт рейтинга" not in ratings.content.decode()
    page = client.get(reverse("admin:reports_rating_change", args=[outputs["rating"].pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "ППО А" in html and "ППО Б" in html
    assert "Просмотреть расчёт рейтинга" in html and 'name="_save"' not in html
    assert (
        client.post(
            reverse("admin:reports_rating_change", args=[outputs["rating"].pk]), {}
        ).status_code
        == 403
    )

    events = client.get(reverse("admin:reports_frozenoutputevent_changelist"), {"kind": "rating"})
    actions = {e.action for e in events.context["cl"].result_list}
    assert actions == {"compiled", "published", "corrected"}
    assert client.get(reverse("admin:reports_frozenoutputevent_add")).status_code == 403

    # The sent CC report and its correction are both kept and both listed.
    reports = client.get(reverse("admin:reports_centralcommitteereport_changelist"))
    assert [r.pk for r in reports.context["cl"].result_list] == [correction.pk, outputs["cc"].pk]


# --- The job, the lists and the dashboard ---------------------------------------------------


@pytest.mark.django_db
def test_the_job_marks_the_stale_outputs_for_the_lists_and_the_dashboard(client, world, outputs):
    correct_december(world)
    assert check_frozen_outputs.apply().get() == {
        "cc_reports": 1,
        "ratings": 1,
        "monthly_reports": 1,
    }
    assert PpoMonthlyReport.objects.get(pk=outputs["monthly"].pk).is_stale
    client.force_login(world.presidium)
    stale = client.get(reverse("reports:stale")).content.decode()
    assert "Отчёт в ЦК за декабрь 2025" in stale and "Рейтинг 2025 года" in stale
    assert "Члены профсоюза: 90 → 80" in stale
    dashboard = client.get(reverse("programme:dashboard"), {"year": 2025}).content.decode()
    assert 'id="stale-outputs"' in dashboard
    assert "Отчёт в ЦК за декабрь 2025" in dashboard and "3 изменившихся показателя" in dashboard
    assert "1 принятый ежемесячный отчёт ППО" in dashboard

    correct_december(world, members=90)  # back to what the outputs were made from
    check_frozen_outputs.apply()
    dashboard = client.get(reverse("programme:dashboard"), {"year": 2025}).content.decode()
    assert 'id="stale-outputs"' not in dashboard


# --- Query counts ------------------------------------------------------------------------------


def _more_ppos(n: int, start: int) -> None:
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
        MembershipSnapshot(organization=o, month=dt.date(2025, 12, 1), employees=10, members=5)
        for o in organizations.filter(membership_snapshots__isnull=True)
    )
    PpoMonthlyReport.objects.bulk_create(
        PpoMonthlyReport(organization=o, month=dt.date(2025, 12, 1), status="accepted", figures={})
        for o in organizations.filter(monthly_reports__isnull=True)
    )


@pytest.mark.django_db
def test_query_counts_do_not_depend_on_the_number_of_ppos(
    client, world, outputs, django_assert_max_num_queries
):
    client.force_login(world.staff)
    pages = [
        reverse("reports:cc_detail", kwargs={"pk": outputs["cc"].pk}),
        reverse("reports:rating_table") + "?year=2025",
        reverse("reports:monthly_review", kwargs={"pk": outputs["monthly"].pk}),
        reverse("reports:stale"),
        reverse("reports:cc_list"),
    ]

    def measure():
        counts = []
        for url in pages:
            # The first view stores the new differences; the count is of a view after it.
            client.get(url)
            with django_assert_max_num_queries(80) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
        with django_assert_max_num_queries(400) as captured:
            services.frozen_outputs_check()
        counts.append(len(captured.captured_queries))
        return counts

    _more_ppos(5, 0)
    small = measure()
    _more_ppos(300, 5)
    correct_december(world)
    assert measure() == small
