"""The registry import at the union's scale: its queries do not grow with the PPOs, and what it
answers from memory (which PPO a row is, whether its names are taken, whether its dates fit) is
what the database would answer."""

import datetime as dt

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ppo.models import PrimaryOrganization
from ppo.resources import PrimaryOrganizationResource
from tests.factories import OrganizationFactory, bulk_organizations

pytestmark = pytest.mark.django_db

HEADERS = ["Полное наименование", "Краткое наименование", "Город или район", "Адрес страницы"]


def import_registry(*rows, headers=HEADERS, dry_run=False):
    data = tablib.Dataset(*rows, headers=headers)
    return PrimaryOrganizationResource().import_data(data, dry_run=dry_run)


def queries_of_an_import(batch, kind):
    """Ten known PPOs updated, ten new ones, five rows unchanged."""
    known = list(PrimaryOrganization.objects.order_by("pk")[:15])
    rows = [(o.full_name, o.short_name, f"Канаш {batch}", o.slug) for o in known[:10]]
    rows += [(o.full_name, o.short_name, o.locality, o.slug) for o in known[10:]]
    rows += [(f"ППО {kind} № {n}", f"ППО {kind} {n}", "", "") for n in range(10)]
    with CaptureQueriesContext(connection) as queries:
        result = import_registry(*rows)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["update"], result.totals["new"], result.totals["skip"]) == (10, 10, 5)
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_the_ppos():
    bulk_organizations(range(1, 20))
    few = queries_of_an_import(1, "стоматологической поликлиники")
    bulk_organizations(range(20, 400))
    assert queries_of_an_import(2, "станции скорой помощи") == few
    # One query loads the PPOs; a saved row costs its savepoint, its save and, for a new PPO,
    # the check of its dates; an unchanged row only its savepoint.
    assert few <= 10 + 10 * 3 + 10 * 6 + 5 * 2, few  # (223 when each row asked for its PPO)


def test_names_taken_by_a_ppo_or_by_an_earlier_row_are_reported_next_to_the_row():
    OrganizationFactory(full_name="ППО А", short_name="ППО А", slug="a")
    result = import_registry(
        ("ППО Б", "ППО А", "", ""),  # the short name of a known PPO
        ("ППО В", "ППО В", "", "v"),
        ("ППО Г", "ППО Г", "", "v"),  # the page address row 2 has just taken
        ("ППО В", "ППО В", "", "v"),  # row 2's PPO, unchanged
        ("ППО Д", "ППО Д", "", "a"),
    )
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert list(invalid) == [1, 3, 5]
    assert "уже существует" in str(invalid[1]["Краткое наименование"])
    assert "уже существует" in str(invalid[3]["Адрес страницы"])
    assert "уже существует" in str(invalid[5]["Адрес страницы"])
    assert [row.import_type for row in result.rows[1::2]] == ["new", "skip"]
    assert set(PrimaryOrganization.objects.values_list("full_name", flat=True)) == {
        "ППО А",
        "ППО В",
    }


def test_a_ppo_in_two_rows_is_seen_by_the_second_as_the_first_left_it():
    organization = OrganizationFactory(locality="Чебоксары")
    row = (organization.full_name, organization.short_name, "Канаш", organization.slug)
    result = import_registry(row, row)
    assert [r.import_type for r in result.rows] == ["update", "skip"]
    organization.refresh_from_db()
    assert organization.locality == "Канаш"


def test_a_leaving_date_before_joining_is_refused_for_a_known_ppo_and_a_new_one():
    organization = OrganizationFactory(joined_on=dt.date(2020, 1, 1))
    headers = ["Полное наименование", "В составе ЧРО с", "Вышла из ЧРО"]
    result = import_registry(
        (organization.full_name, "", "31.12.2019"),
        (organization.full_name, "", ""),  # unchanged dates: nothing to refuse
        ("ППО новая", "01.02.2026", "01.01.2026"),
        headers=headers,
        dry_run=True,
    )
    invalid = {row.number: str(row.error_dict) for row in result.invalid_rows}
    assert list(invalid) == [1, 3]
    assert all("Дата выхода не может быть раньше даты вступления" in e for e in invalid.values())
