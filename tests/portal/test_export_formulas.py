"""Exports: text that a spreadsheet would run as a formula is neutralised, numbers stay numbers."""

from decimal import Decimal
from io import BytesIO

import pytest
from import_export import fields, widgets
from openpyxl import Workbook, load_workbook

from portal.resources import SafeExportResource, neutralise_formula
from ppo.models import Channel, SubscriberCount
from reports.xlsx import to_bytes, write_table

DANGEROUS = [
    "=1+1",
    "+79001234567",
    "-2+3+cmd|' /C calc'!A0",
    "-5",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_formula_prefix_is_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-2.25"), 0, 7, None, "Обычный текст"])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert neutralise_formula(value) == value


class ChannelCountResource(SafeExportResource):
    title = fields.Field("channel__title", column_name="Канал")
    count = fields.Field("count", column_name="Подписчиков", widget=widgets.IntegerWidget())
    raw_count = fields.Field("count", column_name="Подписчиков (без виджета)")
    note = fields.Field(column_name="Пометка")

    class Meta:
        model = SubscriberCount
        fields = ["title", "count", "raw_count", "note"]

    def dehydrate_note(self, instance):
        return "-1+1"  # text made by a method is checked like any text


def test_resource_neutralises_text_and_keeps_negative_numbers_in_csv_and_xlsx():
    row = SubscriberCount(channel=Channel(title="-2+3+cmd|' /C calc'!A0"), count=-5)
    resource = ChannelCountResource()
    assert resource.export_resource(row) == ["'-2+3+cmd|' /C calc'!A0", "-5", "-5", "'-1+1"]
    # XLSX asks for native values: the number is a number.
    assert resource.export_resource(row, force_native_type=True)[:2] == [
        "'-2+3+cmd|' /C calc'!A0",
        -5,
    ]


def test_report_workbooks_write_numbers_as_numbers_and_text_neutralised():
    workbook = Workbook()
    write_table(
        workbook.active,
        title="Проверка",
        headers=["Текст", "Число", "Дробь"],
        rows=[["-2+3", -5, -1.5], ["@SUM(A1)", 3, Decimal("-0.5")], ["=1+1", 0, None]],
        widths=[20, 10, 10],
        totals=["+итого", -2, None],
    )
    sheet = load_workbook(BytesIO(to_bytes(workbook))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=7)]
    assert cells == [
        ["'-2+3", -5, -1.5],
        ["'@SUM(A1)", 3, -0.5],
        ["'=1+1", 0, None],
        ["'+итого", -2, None],
    ]
    assert sheet["B4"].data_type == "n"
    assert all(sheet[f"A{n}"].data_type == "s" for n in range(4, 8))
