import datetime as dt
import threading
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from ppo.models import MembershipSnapshot, PrimaryOrganization
from reports import rating, services
from reports.models import PpoMonthlyReport, RatingCriterion, RatingResult
from tests.factories import MembershipFactory, OrganizationFactory

from .conftest import msk


def _on_time_reports(organization, months: int, year=2025):
    PpoMonthlyReport.objects.bulk_create(
        PpoMonthlyReport(
            organization=organization,
            month=dt.date(year, m, 1),
            status="accepted",
            first_submitted_at=msk(year + (m == 12), m % 12 + 1, 2, 10),
        )
        for m in range(1, months + 1)
    )


def _criteria(year=2025):
    RatingCriterion.objects.create(
        year=year,
        metric_key="ppo.membership_level",
        weight=3,
        rule="bands",
        params={"bands": rating.MEMBERSHIP_BANDS},
        order=1,
    )
    RatingCriterion.objects.create(
        year=year,
        metric_key="reports.monthly_report_on_time",
        weight=1,
        rule="linear",
        params={"target": 12},
        order=2,
    )


@pytest.fixture
def example(world):
    """Hand-computed: weights 3 and 1 normalise to 75 % and 25 %.

    A: level 92 % -> 100 points, 6 of 12 reports on time -> 50: 75 + 12.5 = 87.5 (small).
    B and D: level 75 % -> 60, 12 on time -> 100: 45 + 25 = 70 (large), a tie.
    C: nothing known -> 0 (size unknown)."""
    org_c = OrganizationFactory(short_name="ППО В")
    org_d = OrganizationFactory(short_name="ППО Г")
    december = dt.date(2025, 12, 1)
    MembershipFactory(organization=world.org_a, month=december, employees=100, members=92)
    MembershipFactory(organization=world.org_b, month=december, employees=1200, members=900)
    MembershipFactory(organization=org_d, month=december, employees=1500, members=1125)
    _on_time_reports(world.org_a, 6)
    _on_time_reports(world.org_b, 12)
    _on_time_reports(org_d, 12)
    _criteria()
    return world, org_c, org_d


def test_points_rules():
    assert rating.points("linear", {"target": 24}, 12) == Decimal("50.00")
    assert rating.points("linear", {"target": 24}, 40) == Decimal("100.00")
    assert rating.points("linear", {"target": 24}, None) == Decimal("0")
    bands = {"bands": rating.MEMBERSHIP_BANDS}
    assert [rating.points("bands", bands, v) for v in (95, 91, 90.9, 70, 60, 0)] == [
        100,
        100,
        80,
        40,
        20,
        20,
    ]
    assert rating.points("yes_no", {"threshold": 1}, 1) == 100
    assert rating.points("yes_no", {"threshold": 1}, 0) == 0
    assert rating.competition_ranks([(1, 5), (2, 7), (3, 5), (4, 1)]) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_bad_params_are_refused():
    criterion = RatingCriterion(
        year=2025, metric_key="ppo.members", weight=1, rule="linear", params={}
    )
    with pytest.raises(ValidationError, match="цель больше нуля"):
        criterion.clean()


@pytest.mark.django_db
def test_hand_computed_example_with_ties_and_size_groups(example):
    world, org_c, org_d = example
    services.rating_compute(year=2025, now=msk(2026, 1, 15, 7))
    results = {r.organization_id: r for r in RatingResult.objects.filter(year=2025)}
    a, b, c, d = (results[o.pk] for o in (world.org_a, world.org_b, org_c, org_d))
    assert (a.total, b.total, d.total, c.total) == (
        Decimal("87.50"),
        Decimal("70.00"),
        Decimal("70.00"),
        Decimal("0.00"),
    )
    assert (a.rank, b.rank, d.rank, c.rank) == (1, 2, 2, 4)
    assert (a.size_group, b.size_group, c.size_group) == ("small", "large", "unknown")
    assert (a.group_rank, b.group_rank, d.group_rank, c.group_rank) == (1, 1, 1, 1)
    assert a.breakdown == [
        {
            "key": "ppo.membership_level",
            "title": "Уровень профсоюзного членства",
            "raw": 92.0,
            "points": 100.0,
            "weight": 75.0,
            "weighted": 75.0,
        },
        {
            "key": "reports.monthly_report_on_time",
            "title": "Ежемесячные отчёты, сданные в срок",
            "raw": 6,
            "points": 50.0,
            "weight": 25.0,
            "weighted": 12.5,
        },
    ]


@pytest.mark.django_db
def test_compute_is_idempotent_and_frozen(example):
    world, _, _ = example
    services.rating_compute(year=2025)
    MembershipSnapshot.objects.filter(organization=world.org_a).update(members=50)
    # Frozen: data edits do not change a computed year until it is computed again.
    assert RatingResult.objects.get(organization=world.org_a).total == Decimal("87.50")
    services.rating_compute(year=2025)
    assert RatingResult.objects.filter(year=2025).count() == 4
    assert RatingResult.objects.get(organization=world.org_a).total == Decimal("27.50")


@pytest.mark.django_db
def test_no_criteria(world):
    with pytest.raises(ValidationError, match="не заданы критерии"):
        services.rating_compute(year=2030)
    with pytest.raises(CommandError, match="не заданы критерии"):
        call_command("compute_rating", "--year", "2030")


@pytest.mark.django_db
def test_default_scheme_and_command(world):
    call_command("compute_rating", "--year", "2025", "--default-scheme")
    keys = set(RatingCriterion.objects.filter(year=2025).values_list("metric_key", flat=True))
    assert {"ppo.membership_level", "reports.monthly_report_on_time"} <= keys
    assert RatingResult.objects.filter(year=2025).count() == 2
    # Made again: nothing duplicated.
    assert services.rating_default_scheme(year=2025) == []


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
        MembershipSnapshot.objects.bulk_create(
            MembershipSnapshot(
                organization=o, month=dt.date(2025, 6, 1), employees=400, members=300
            )
            for o in PrimaryOrganization.objects.filter(membership_snapshots__isnull=True)
        )

    services.rating_default_scheme(year=2025)
    make(10, 0)
    services.rating_compute(year=2025)  # creating the year's rating costs a few queries less
    make(5, 10)
    with django_assert_max_num_queries(40) as small:
        services.rating_compute(year=2025)
    make(1985, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        results = services.rating_compute(year=2025)
    assert len(results) == 2000


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_produce_one_result():
    OrganizationFactory.create_batch(3)
    _criteria()
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            services.rating_compute(year=2025)
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
    assert RatingResult.objects.filter(year=2025).count() == 3


@pytest.mark.django_db
def test_compute_task_defaults_to_the_previous_year(world, monkeypatch):
    from django.utils import timezone

    from reports.tasks import compute_rating

    monkeypatch.setattr(timezone, "now", lambda: msk(2026, 1, 15, 7))
    assert compute_rating() == 2
    assert RatingResult.objects.filter(year=2025).count() == 2


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_sees_own_result_and_last_year(client, example):
    world, _, _ = example
    _criteria(2024)
    services.rating_compute(year=2024)
    services.rating_compute(year=2025)
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:rating_officer"))
    assert response.context["year"] == 2025
    assert response.context["result"].total == Decimal("87.50")
    assert response.context["previous"].year == 2024
    body = response.content.decode()
    assert "87,50" in body or "87.50" in body
    assert "ППО Б" not in body  # no other PPO's result on the officer's page


@pytest.mark.django_db
def test_presidium_table_groups_export_and_published_weights(client, example):
    world, _, org_d = example
    services.rating_compute(year=2025)
    client.force_login(world.presidium)
    table = client.get(reverse("reports:rating_table"), {"year": 2025, "group": "large"})
    assert [r.organization_id for r in table.context["results"]] == sorted(
        [world.org_b.pk, org_d.pk], key=lambda pk: PrimaryOrganization.objects.get(pk=pk).short_name
    )
    response = client.get(reverse("reports:rating_export"), {"year": 2025})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][:5] == [
        "Место",
        "ППО",
        "Группа по численности",
        "Место в группе",
        "Итоговый балл",
    ]
    assert rows[3][:2] == [1, "ППО А"] and rows[3][4] == 87.5
    client.force_login(world.officer_b)
    criteria = client.get(reverse("reports:rating_criteria"), {"year": 2025})
    assert [c.share for c in criteria.context["criteria"]] == [Decimal("75.0"), Decimal("25.0")]


@pytest.mark.django_db
def test_admin_action_computes_the_year(client, world):
    _criteria()
    client.force_login(world.staff)
    client.post(
        reverse("admin:reports_ratingcriterion_changelist"),
        {"action": "compute", "_selected_action": [RatingCriterion.objects.first().pk]},
    )
    assert RatingResult.objects.filter(year=2025).count() == 2
