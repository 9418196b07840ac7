"""A PPO counts in a period when it belonged to the ЧРО on the period's last day: PPOs that
join later (imported or created) and PPOs that leave later change no figure of a closed year."""

import datetime as dt

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.periods import Period
from ppo.models import MembershipSnapshot, PrimaryOrganization
from ppo.resources import PrimaryOrganizationResource
from ppo.selectors import organizations_active
from programme import execution
from programme.models import Activity, ExecutionRecord, Programme
from reports import services as reports
from reports.models import RatingResult
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user

pytestmark = pytest.mark.django_db

JANUARY_2025 = Period.month(2025, 1)
NAME_HEADERS = [
    "Полное наименование",
    "Краткое наименование",
    "Медицинская организация",
    "Город или район",
]


def snapshots(organization, year: int, *, employees: int, members: int):
    MembershipSnapshot.objects.bulk_create(
        MembershipSnapshot(
            organization=organization,
            month=dt.date(year, m, 1),
            employees=employees,
            members=members,
        )
        for m in range(1, 13)
        if dt.date(year, m, 1) <= timezone.localdate()
    )


def figures() -> dict:
    """The closed year's figures: the CC report of January 2025, the 2025 rating and the
    programme's progress for 2025, without their computation times."""
    cc = reports.cc_report_compile(period=JANUARY_2025).snapshot
    cc.pop("computed_at")
    reports.rating_compute(year=2025)
    rating = sorted(
        (r.organization.short_name, str(r.total), r.rank, r.size_group, r.breakdown)
        for r in RatingResult.objects.filter(year=2025).select_related("organization")
    )
    programme = Programme.objects.get(year_from=2023)
    progress = execution.programme_execution(programme, as_of=dt.date(2025, 12, 31))
    return {
        "cc": cc,
        "rating": rating,
        "overall": progress["overall"],
        "organizations": progress["organizations_count"],
        "lines": [
            (line["code"], line["percent"], line["status"])
            for section in progress["sections"]
            for measure in section["measures"]
            for line in measure["lines"]
        ],
        "indicators": progress["indicators"],
    }


def import_rows(*rows, headers):
    data = tablib.Dataset(*rows, headers=headers)
    result = PrimaryOrganizationResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result
    return result


def test_a_closed_year_keeps_its_figures_when_ppos_join_and_leave_later():
    big = OrganizationFactory(short_name="ППО РКБ")
    small = OrganizationFactory(short_name="ППО Алатырской ЦРБ")
    leaving = OrganizationFactory(short_name="ППО Шумерлинского ММЦ")
    for organization, employees, members in (
        (big, 900, 720),
        (small, 120, 60),
        (leaving, 300, 150),
    ):
        snapshots(organization, 2024, employees=employees, members=members - 10)
        snapshots(organization, 2025, employees=employees, members=members)
    officer = AppointmentFactory(organization=big, starts_on=dt.date(2024, 1, 10)).user
    reports.monthly_report_save(
        user=officer,
        organization=big,
        period=JANUARY_2025,
        submit=True,
        on=dt.datetime(2025, 2, 3, 10, tzinfo=timezone.get_current_timezone()),
    )
    line = Activity.objects.filter(
        measure__section__programme__year_from=2023, responsible="each_ppo"
    ).first()
    ExecutionRecord.objects.create(
        activity=line,
        organization=big,
        date=dt.date(2025, 3, 14),
        text="Проведено собрание профактива (тест)",
        evidence_url="https://example.org/sobranie",
    )
    reports.rating_default_scheme(year=2025)
    before = figures()
    assert before["organizations"] == 3 and before["cc"]["organizations"] == 3
    assert len(before["rating"]) == 3

    # December 2026: 57 PPOs come by import (no date column: they join today), one more is
    # created with its joining date in 2026, and one of the old PPOs leaves in 2026.
    import_rows(
        *[
            (f"ППО БУ «Больница № {i}»", f"ППО Больница {i}", f"БУ «Больница № {i}»", "Канаш")
            for i in range(57)
        ],
        headers=NAME_HEADERS,
    )
    joined = PrimaryOrganization.objects.filter(short_name__startswith="ППО Больница ")
    assert set(joined.values_list("joined_on", flat=True)) == {timezone.localdate()}
    march = OrganizationFactory(short_name="ППО Вурнарской ЦРБ", joined_on=dt.date(2026, 3, 1))
    snapshots(march, 2026, employees=200, members=20)
    leaving.left_on = dt.date(2026, 6, 1)
    leaving.save()
    leaving.refresh_from_db()
    assert leaving.is_active is False

    assert figures() == before

    # The rule is real: the newcomers count in 2026, the PPO that left does not.
    in_2026 = organizations_active(Period.for_year(2026))
    assert in_2026.count() == 2 + 57 + 1
    assert not in_2026.filter(pk=leaving.pk).exists()
    assert organizations_active(Period.month(2026, 5)).filter(pk=leaving.pk).exists()
    assert not organizations_active(Period.month(2026, 2)).filter(pk=march.pk).exists()
    assert organizations_active(Period.month(2026, 3)).filter(pk=march.pk).exists()


def test_import_records_the_joining_date_and_keeps_it_on_reimport():
    headers = [*NAME_HEADERS, "В составе ЧРО с"]
    row = ("ППО БУ «Больница № 7»", "ППО Больница 7", "БУ «Больница № 7»")
    import_rows((*row, "Канаш", "15.03.2026"), headers=headers)
    organization = PrimaryOrganization.objects.get()
    assert organization.joined_on == dt.date(2026, 3, 15)
    import_rows((*row, "Канаш (обновлено)", ""), headers=headers)
    organization.refresh_from_db()
    assert organization.joined_on == dt.date(2026, 3, 15)
    assert organization.locality == "Канаш (обновлено)"


def test_import_refuses_an_unreadable_date_in_russian():
    data = tablib.Dataset(
        ("ППО БУ «Больница № 8»", "ППО Больница 8", "БУ «Больница № 8»", "Канаш", "весной"),
        headers=[*NAME_HEADERS, "В составе ЧРО с"],
    )
    result = PrimaryOrganizationResource().import_data(data, dry_run=True)
    # Row errors are keyed by the Russian column name (see ppo/resources.py).
    messages = [
        str(m) for row in result.invalid_rows for m in row.error_dict.get("В составе ЧРО с", [])
    ]
    messages += [str(e.error) for row in result.rows for e in row.errors]
    assert any("Дата «весной» не распознана" in m for m in messages), messages
    assert not PrimaryOrganization.objects.exists()


def test_leaving_before_joining_is_refused():
    organization = OrganizationFactory(joined_on=dt.date(2020, 1, 1))
    organization.left_on = dt.date(2019, 12, 31)
    with pytest.raises(ValidationError, match="Дата выхода не может быть раньше даты вступления"):
        organization.full_clean()


def test_unticking_active_means_leaving_today_and_keeps_the_past():
    organization = OrganizationFactory()
    organization.is_active = False
    organization.save()
    assert organization.left_on == timezone.localdate()
    assert organizations_active(Period.for_year(2025)).filter(pk=organization.pk).exists()
    assert not organizations_active().filter(pk=organization.pk).exists()


def test_admin_shows_and_saves_both_dates(client):
    organization = OrganizationFactory()
    client.force_login(staff_user())
    changelist = client.get(reverse("admin:ppo_primaryorganization_changelist")).content.decode()
    assert "В составе организации с" in changelist and "Вышла из организации" in changelist
    page = client.get(reverse("admin:ppo_primaryorganization_change", args=[organization.pk]))
    html = page.content.decode()
    assert 'name="joined_on"' in html and 'name="left_on"' in html
