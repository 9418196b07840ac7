"""Import of the existing equipment register (CSV/XLSX through the admin's resource)."""

from decimal import Decimal

import tablib
from django.urls import reverse

from material.models import Equipment
from material.resources import EquipmentResource

CSV = (
    "Инвентарный номер,Вид,Марка и модель,Серийный номер,Дата приобретения,Стоимость,"
    "Источник средств,Состояние,Примечание\n"
    'ЧРО-НБ-001,Ноутбук,Lenovo IdeaPad 3,PF3X001,20.11.2023,"52 990,00",'
    "Средства организации,Новое,\n"
    "ЧРО-ФК-001,camera,Canon EOS 250D,CN0001,2024-02-05,68490,,,=HYPERLINK(1)\n"
)


def test_import_creates_and_reimport_updates(db):
    dataset = tablib.Dataset().load(CSV, format="csv")
    result = EquipmentResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    laptop = Equipment.objects.get(inventory_number="ЧРО-НБ-001")
    assert (laptop.kind, laptop.cost, laptop.condition) == ("laptop", Decimal("52990.00"), "new")
    camera = Equipment.objects.get(inventory_number="ЧРО-ФК-001")
    assert (camera.funding_source, camera.condition) == ("chro", "good")
    again = tablib.Dataset().load(CSV.replace("Lenovo IdeaPad 3", "Lenovo IdeaPad 5"), format="csv")
    EquipmentResource().import_data(again, dry_run=False, raise_errors=True)
    assert Equipment.objects.count() == 2
    assert Equipment.objects.get(inventory_number="ЧРО-НБ-001").make_model == "Lenovo IdeaPad 5"
    exported = EquipmentResource().export().csv
    assert "'=HYPERLINK(1)" in exported and "Ноутбук" in exported


def test_unknown_kind_and_duplicate_serial_are_reported(db):
    bad = CSV.replace("Ноутбук", "Телевизор").replace("CN0001", "PF3X001")
    result = EquipmentResource().import_data(tablib.Dataset().load(bad, format="csv"), dry_run=True)
    assert result.has_errors() or result.has_validation_errors()
    assert not Equipment.objects.exists()


def test_admin_import_page_opens_for_staff(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("admin:material_equipment_import"))
    assert response.status_code == 200


def test_import_from_xlsx_with_date_and_number_cells(db):
    import datetime as dt
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Инвентарный номер", "Вид", "Марка и модель", "Серийный номер",
                  "Дата приобретения", "Стоимость"])  # fmt: skip
    sheet.append(["ЧРО-ВКС-001", "Комплект ВКС", "Logitech Rally", "LG001",
                  dt.datetime(2024, 3, 1), 389000.5])  # noqa: DTZ001 (a spreadsheet cell is naive)  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    dataset = tablib.Dataset().load(buffer.getvalue(), format="xlsx")
    EquipmentResource().import_data(dataset, dry_run=False, raise_errors=True)
    item = Equipment.objects.get()
    assert (item.kind, item.purchase_date, item.cost) == (
        "vks",
        dt.date(2024, 3, 1),
        Decimal("389000.50"),
    )


def test_a_spreadsheet_kept_before_the_neutral_labels_still_imports(db):
    """«Средства ЧРО» (the label of earlier exports, with the organization's short name) reads as
    the organization's own funding."""
    old = CSV.replace("Средства организации", "Средства ЧРО")
    result = EquipmentResource().import_data(
        tablib.Dataset().load(old, format="csv"), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Equipment.objects.get(inventory_number="ЧРО-НБ-001").funding_source == "chro"
