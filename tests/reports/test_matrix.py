"""The staff matrix PPO × month: 50 PPOs a page, searched by name, flat in size and queries."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ppo.models import PrimaryOrganization
from reports.models import PpoMonthlyReport
from tests.factories import OrganizationFactory, UserFactory

from .conftest import msk

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row" class="fw-normal matrix-name">')


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def grow_union_to(n: int, author) -> None:
    """PPOs up to n in all, each with its reports for the first half of 2025 (bulk inserts)."""
    missing = n - PrimaryOrganization.objects.count()
    organizations = PrimaryOrganization.objects.bulk_create(
        OrganizationFactory.build_batch(missing)
    )
    PpoMonthlyReport.objects.bulk_create(
        PpoMonthlyReport(
            organization=o,
            month=msk(2025, month, 1).date(),
            status="submitted",
            stand_updates=1,
            first_submitted_at=msk(2025, month + 1, 3),
            submitted_at=msk(2025, month + 1, 3),
            submitted_by=author,
        )
        for o in organizations
        for month in range(1, 7)
    )


def test_matrix_is_flat_in_queries_and_size(staff_client, django_assert_max_num_queries):
    author = UserFactory()
    url = reverse("reports:matrix")
    sizes = {}
    for n in (10, 60, 300):
        grow_union_to(n, author)
        with django_assert_max_num_queries(10):
            response = staff_client.get(url, {"year": 2025})
        body = response.content.decode()
        sizes[n] = len(body)
        assert len(ROW.findall(body)) == min(n, 50)
        assert body.count('href="/staff/reports/') >= 6 * min(n, 50)  # filed cells are links
        assert f"{n} организаций" in body
    assert response.context["paginator"].num_pages == 6
    # The page grows only until it holds 50 rows: at 300 PPOs it weighs what it does at 60.
    assert sizes[10] < sizes[60], sizes
    assert sizes[300] <= sizes[60] * 1.02, sizes


def test_search_keeps_the_year_and_pages_keep_the_search(staff_client):
    grow_union_to(70, UserFactory())
    OrganizationFactory(
        short_name="ППО Канашской ЦРБ",
        full_name="Первичная профсоюзная организация Канашской ЦРБ",
        medical_organization="БУ «Канашская центральная районная больница»",
    )
    url = reverse("reports:matrix")
    response = staff_client.get(url, {"year": 2025, "q": "канашская"})
    body = response.content.decode()
    assert [org.short_name for org, _ in response.context["matrix"]] == ["ППО Канашской ЦРБ"]
    assert [str(m) for m in response.context["months"]][0] == "январь 2025"
    assert '<input type="hidden" name="year" value="2025">' in body
    response = staff_client.get(url, {"year": 2025, "q": "больницы", "page": 2})
    body = response.content.decode()
    assert len(ROW.findall(body)) == 20
    assert "Страница 2 из 2" in body
    assert (
        'href="?year=2025&amp;q=%D0%B1%D0%BE%D0%BB%D1%8C%D0%BD%D0%B8%D1%86%D1%8B&amp;page=1"'
        in body
    )
    # The export holds every PPO found (not only the page) and ignores the page number.
    assert (
        "/staff/reports/export/?year=2025&amp;q=" in body
        and "page=2" not in body.split("export/")[1].split('"')[0]
    )
    sheet = load_workbook(
        BytesIO(
            staff_client.get(
                reverse("reports:matrix_export"), {"year": 2025, "q": "больницы"}
            ).content
        )
    ).active
    names = [row[0].value for row in sheet.iter_rows(min_row=4)][:-1]
    assert len(names) == 70 and all("больницы" in name for name in names)


def test_nothing_found_and_too_long_search(staff_client):
    grow_union_to(3, UserFactory())
    url = reverse("reports:matrix")
    body = staff_client.get(url, {"q": "стоматология"}).content.decode()
    assert "По запросу «стоматология» организаций не найдено." in body
    response = staff_client.get(url, {"q": "я" * 101})
    assert response.status_code == 200
    assert "не более 100 символов" in response.context["search_form"].errors["q"][0]
    assert len(ROW.findall(response.content.decode())) == 3
