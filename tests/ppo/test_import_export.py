import re

import pytest
import tablib
from django.urls import reverse

from ppo.models import PrimaryOrganization
from ppo.resources import PrimaryOrganizationResource
from tests.factories import OrganizationFactory, staff_user

pytestmark = pytest.mark.django_db

HEADERS = [
    "Полное наименование",
    "Краткое наименование",
    "Медицинская организация",
    "Город или район",
    "Профсоюзная страница",
    "Адрес страницы",
    "Действует",
]


def dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_import_creates_then_reimport_updates():
    rows = [("ППО БУ «Больница № 7»", "ППО Больница 7", "БУ «Больница № 7»", "Канаш", "", "", "да")]
    result = PrimaryOrganizationResource().import_data(dataset(*rows), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    organization = PrimaryOrganization.objects.get()
    assert organization.slug == "ppo-bolnitsa-7"
    rows = [
        (
            "ППО БУ «Больница № 7»",
            "ППО Больница 7",
            "БУ «Больница № 7»",
            "Канаш (обновлено)",
            "",
            "",
            "да",
        )
    ]
    PrimaryOrganizationResource().import_data(dataset(*rows), dry_run=False)
    assert PrimaryOrganization.objects.count() == 1
    assert PrimaryOrganization.objects.get().locality == "Канаш (обновлено)"


def test_dry_run_writes_nothing_and_reports_rows_with_errors():
    rows = [
        ("ППО А", "ППО А", "БУ А", "Чебоксары", "", "", "да"),
        ("ППО Б", "ППО Б", "БУ Б", "Чебоксары", "не-адрес", "", "да"),
    ]
    result = PrimaryOrganizationResource().import_data(dataset(*rows), dry_run=True)
    assert PrimaryOrganization.objects.count() == 0
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [2]
    assert "Профсоюзная страница" in invalid[0].error_dict


def test_export_neutralises_formulas():
    OrganizationFactory(
        short_name='=HYPERLINK("http://evil")',
        locality="+79001234567",
        medical_organization="@SUM(1)",
    )
    data = PrimaryOrganizationResource().export()
    row = dict(zip(data.headers, data[0], strict=True))
    assert row["Краткое наименование"].startswith("'=")
    assert row["Город или район"] == "'+79001234567"
    assert row["Медицинская организация"] == "'@SUM(1)"


def test_admin_import_page_shows_row_errors(client):
    client.force_login(staff_user())
    content = (
        "Полное наименование,Краткое наименование,Медицинская организация,Город или район,"
        "Профсоюзная страница,Адрес страницы,Действует\n"
        "ППО Г,ППО Г,БУ Г,Чебоксары,,,да\n"
        "ППО В,ППО В,БУ В,Чебоксары,плохой адрес,,да\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:ppo_primaryorganization_import"),
        {
            "import_file": SimpleUploadedFile("ppo.csv", content, content_type="text/csv"),
            "format": "0",
            "resource": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Некоторые строки не прошли валидацию" in body
    # The second data row is named with its number and the field's message.
    assert re.search(r"<td>\s*2\s*</td>", body)
    assert "Введите правильный URL" in body
    assert PrimaryOrganization.objects.count() == 0
