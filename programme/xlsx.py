"""The final report «Итоги выполнения программы» as an XLSX file (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from portal.resources import neutralise_formula

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def _table(sheet, title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"


def final_report_workbook(result) -> bytes:
    data = result.data
    title = f"{_('Итоги выполнения программы')}: {data['programme']['title']}"
    workbook = Workbook()
    lines = workbook.active
    lines.title = _("Строки")
    rows = []
    for section in data["sections"]:
        for measure in section["measures"]:
            for line in measure["lines"]:
                done = "; ".join(f"{r['date']}: {r['text']}" for r in line["records"])
                rows.append(
                    [
                        line["code"],
                        line["text"],
                        line["schedule"],
                        line["percent"],
                        line["status_label"],
                        _("показатель") if line["source"] == "metric" else _("отметки"),
                        line["note"],
                        line["records_count"],
                        done,
                    ]
                )
    _table(
        lines,
        title,
        [
            _("№"),
            _("Строка"),
            _("Срок"),
            _("Выполнение, %"),
            _("Статус"),
            _("Источник"),
            _("Пояснение"),
            _("Отметок"),
            _("Что сделано"),
        ],
        rows,
        [9, 60, 20, 12, 14, 12, 30, 9, 60],
    )
    indicators = workbook.create_sheet(_("Индикаторы"))
    years = list(range(data["programme"]["year_from"], data["programme"]["year_to"] + 1))
    headers = [_("№"), _("Индикатор"), _("Единица"), _("Начальное значение")]
    for year in years:
        headers += [_("Цель %(year)s") % {"year": year}, _("Факт %(year)s") % {"year": year}]
    headers.append(_("Конечное значение"))
    rows = []
    for indicator in data["indicators"]:
        row = [indicator["number"], indicator["title"], indicator["unit"], indicator["start"]]
        for year in years:
            row += [indicator["targets"].get(str(year)), indicator["values"].get(str(year))]
        row.append(indicator["end"])
        rows.append(row)
    _table(indicators, title, headers, rows, [5, 50, 9, 14] + [11] * (2 * len(years)) + [14])
    ppos = workbook.create_sheet(_("ППО"))
    _table(
        ppos,
        title,
        [_("ППО"), _("Выполнение строк ППО, %"), _("Выполнено строк")],
        [[p["name"], p["percent"], p["done"]] for p in data.get("ppos", [])],
        [50, 16, 14],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
