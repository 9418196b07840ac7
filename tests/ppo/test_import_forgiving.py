"""A real-shaped list of medical organizations imports cleanly, as CSV and as XLSX."""

import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats import base_formats

from ppo.models import PrimaryOrganization
from ppo.resources import PrimaryOrganizationResource, normalise_name
from tests.factories import OrganizationFactory, staff_user

pytestmark = pytest.mark.django_db

EXISTING = (
    "Первичная профсоюзная организация БУ «Республиканская клиническая больница» Минздрава Чувашии"
)
HEADERS = ["Полное наименование", "Город или район", "Профсоюзная страница"]
NEW = [
    ("БУ «Городская клиническая больница № 1» Минздрава Чувашии", "Чебоксары", ""),
    ('БУ "Центральная районная больница Алатырского района" Минздрава Чувашии', None, None),
    ("АУ «Больница скорой помощи „Надежда“» Минздрава Чувашии", None, None),
    ('ООО "Клиника "Здоровьё""', "", None),
]
SAME_IN_OTHER_QUOTES = (
    "первичная профсоюзная организация  "
    'БУ "Республиканская клиническая больница" минздрава Чувашии',
    "",
    None,
)
LIKELY_DUPLICATE = (
    "Первичная профсоюзная организация БУ «Республиканская клиническая больница» "
    "Минздрава Чувашской Республики",
    "Чебоксары",
    None,
)
ROWS = [*NEW, SAME_IN_OTHER_QUOTES, LIKELY_DUPLICATE]


@pytest.fixture
def existing():
    return OrganizationFactory(full_name=EXISTING, locality="")


def as_csv(rows):
    return tablib.Dataset(*rows, headers=HEADERS).export("csv").encode()


def as_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))  # None stays an empty cell
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(content, kind):
    fmt = base_formats.CSV() if kind == "csv" else base_formats.XLSX()
    data = content.decode() if kind == "csv" else content
    return fmt.create_dataset(data)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_real_list_imports_flags_the_likely_duplicate_and_reimports_unchanged(existing, kind):
    content = as_csv(ROWS) if kind == "csv" else as_xlsx(ROWS)
    result = PrimaryOrganizationResource().import_data(load(content, kind), dry_run=False)
    assert not result.has_errors(), [e.error for e in result.base_errors]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert result.totals["new"] == 4 and result.totals["skip"] == 2
    for name, town, _url in NEW:
        organization = PrimaryOrganization.objects.get(full_name=name)  # names intact
        assert organization.locality == (town or "")
        assert organization.union_page_url == ""
    assert PrimaryOrganization.objects.count() == 5  # no second RKB
    existing.refresh_from_db()
    assert existing.full_name == EXISTING
    flagged = result.rows[5]
    assert flagged.import_type == "skip"
    assert any("Похоже на уже внесённую ППО" in cell for cell in flagged.diff), flagged.diff

    again = PrimaryOrganizationResource().import_data(load(content, kind), dry_run=False)
    assert again.totals["skip"] == 6 and again.totals["new"] == again.totals["update"] == 0
    assert [row.import_type for row in again.rows] == ["skip"] * 6


def test_a_likely_duplicate_is_created_when_staff_say_so(existing):
    data = tablib.Dataset(
        [LIKELY_DUPLICATE[0], "Чебоксары", "да"],
        headers=["Полное наименование", "Город или район", "Новая ППО"],
    )
    result = PrimaryOrganizationResource().import_data(data, dry_run=False)
    assert result.totals["new"] == 1
    assert PrimaryOrganization.objects.filter(full_name=LIKELY_DUPLICATE[0]).exists()


def test_names_are_compared_without_quotes_spaces_case_and_yo():
    assert normalise_name(" ППО  «Ёлочка» ") == normalise_name('ппо "елочка"')
    assert normalise_name("„Надежда“") == normalise_name("'надежда'")


def post_import(client, content, name, fmt):
    return client.post(
        reverse("admin:ppo_primaryorganization_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"},
    )


@pytest.mark.parametrize(("kind", "fmt"), [("csv", "0"), ("xlsx", "1")])
def test_admin_dry_run_shows_the_warning_to_staff(client, existing, kind, fmt):
    client.force_login(staff_user())
    content = as_csv(ROWS) if kind == "csv" else as_xlsx(ROWS)
    body = post_import(client, content, f"list.{kind}", fmt).content.decode()
    assert "Похоже на уже внесённую ППО" in body
    assert "Подтвердить импорт" in body or "Confirm import" in body
    assert PrimaryOrganization.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "fmt", "message"),
    [
        (b"\x00\x01 not a workbook", "list.xlsx", "1", "Файл не удалось прочитать"),
        ("Name,Town\nА,Б\n".encode(), "list.csv", "0", "В файле нет столбца «Полное наименование»"),
    ],
)
def test_a_wrong_file_gets_a_russian_message_not_a_traceback(client, content, name, fmt, message):
    client.force_login(staff_user())
    body = post_import(client, content, name, fmt).content.decode()
    assert message in body
    assert "Traceback" not in body and "site-packages" not in body


def test_the_template_lists_the_columns(client):
    client.force_login(staff_user())
    response = client.get(reverse("admin:ppo_primaryorganization_import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Полное наименование", "Краткое наименование",
                           "Медицинская организация", "Город или район"]  # fmt: skip
    assert "Новая ППО" in headers and "Проверка" not in headers
    page = client.get(reverse("admin:ppo_primaryorganization_import")).content.decode()
    assert reverse("admin:ppo_primaryorganization_import_template") in page


def test_export_without_a_format_says_so_and_labels_are_russian(client):
    client.force_login(staff_user())
    url = reverse("admin:ppo_primaryorganization_export")
    page = client.get(url).content.decode()
    assert "Выберите формат" in page and "Выбрать все" in page
    assert "Is Active" not in page and "Full Name" not in page
    body = client.post(url, {"format": "", "resource": "0"}).content.decode()
    assert "Выберите формат файла." in body
