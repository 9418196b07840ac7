"""XLSX files of the reports (openpyxl): Russian headers, column widths, a totals row."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from portal.organization import current_organization
from portal.resources import neutralise_formula

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _cell_value(value):
    if isinstance(value, bool):
        return "да" if value else "нет"
    return neutralise_formula(value)


def write_table(
    sheet,
    *,
    title: str,
    headers: list[str],
    rows: list[list],
    widths: list[int],
    totals: list | None = None,
    start_row: int = 1,
) -> int:
    """Write a titled table; return the next free row."""
    sheet.cell(row=start_row, column=1, value=title).font = Font(bold=True, size=13)
    header_row = start_row + 2
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, width
        )
    row_number = header_row
    for row in rows:
        row_number += 1
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_cell_value(value))
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
    if totals is not None:
        row_number += 1
        for column, value in enumerate(totals, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_cell_value(value))
            cell.font = Font(bold=True)
            cell.fill = TOTAL_FILL
            cell.border = BORDER
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    return row_number + 2


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unit(column: dict) -> str:
    return f"{column['label']}, {column['unit']}" if column.get("unit") else column["label"]


def cc_report_workbook(report) -> bytes:
    """The report to the Central Committee, from its frozen snapshot."""
    data = report.snapshot
    abbreviation = current_organization().abbreviation
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Итоги"
    next_row = write_table(
        summary,
        title=f"{'Исправленный отчёт' if report.is_correction else 'Отчёт'} {abbreviation} по "
        f"информационной работе за {data.get('title', '')}",
        headers=["Показатель", "Ед. изм.", "Значение", "Изменение за месяц"],
        rows=[[t["label"], t["unit"], t["value"], t.get("change")] for t in data.get("totals", [])],
        widths=[60, 12, 14, 20],
    )
    reporting = data.get("reporting", {})
    lines = [
        ("ППО сдали отчёт", ", ".join(reporting.get("filed", [])) or "—"),
        ("Из них в срок", ", ".join(reporting.get("on_time", [])) or "—"),
        ("Не сдали отчёт", ", ".join(reporting.get("missing", [])) or "—"),
    ]
    if data.get("no_publications") is not None:
        lines.append(("ППО без публикаций", ", ".join(data["no_publications"]) or "—"))
    if report.commentary:
        lines.append(("Пояснения", report.commentary))
    summary.cell(row=next_row, column=1, value="Отчётность ППО").font = Font(bold=True, size=13)
    for offset, (label, text) in enumerate(lines, start=2):
        row = next_row + offset
        summary.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = summary.cell(row=row, column=2, value=neutralise_formula(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        summary.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        # Merged cells do not grow by themselves: about 45 characters fit on a line.
        summary.row_dimensions[row].height = 15 * max(1, len(text) // 45 + 1)

    table = workbook.create_sheet("По ППО")
    columns = data.get("columns", [])
    headers = ["ППО", *[_unit(c) for c in columns], "Отчёт за месяц", "В срок"]
    rows = [
        [
            row["name"],
            *row["values"],
            row["report"],
            None if row["on_time"] is None else row["on_time"],
        ]
        for row in data.get("rows", [])
    ]
    write_table(
        table,
        title=f"Показатели ППО за {data.get('title', '')}",
        headers=headers,
        rows=rows,
        widths=[40, *[16 for _ in columns], 22, 10],
        totals=[
            f"Итого по {abbreviation}",
            *data.get("column_totals", []),
            len(reporting.get("filed", [])),
            len(reporting.get("on_time", [])),
        ],
    )
    if report.is_correction:
        sent = report.corrects.sent_at
        corrections = workbook.create_sheet("Исправления")
        write_table(
            corrections,
            title="Исправляет отчёт, отправленный "
            + (timezone.localtime(sent).strftime("%d.%m.%Y") if sent else "ранее"),
            headers=["ППО", "Показатель", "Ед. изм.", "Было", "Стало"],
            rows=[
                [
                    c["organization"] or f"Итого по {abbreviation}",
                    c["figure"],
                    c["unit"],
                    c["old"],
                    c["new"],
                ]
                for c in report.corrections
            ],
            widths=[40, 50, 12, 14, 14],
        )
    return to_bytes(workbook)


def matrix_workbook(months, matrix) -> bytes:
    """The staff matrix PPO x month of monthly reports."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Отчёты ППО"
    rows = []
    filed_per_month = [0] * len(months)
    for organization, cells in matrix:
        row = [organization.short_name]
        for index, cell in enumerate(cells):
            text = cell.state_label
            if cell.timeliness:
                text += ", в срок" if cell.timeliness == "on_time" else ", с опозданием"
                filed_per_month[index] += 1
            row.append(text)
        rows.append(row)
    write_table(
        sheet,
        title="Ежемесячные отчёты ППО",
        headers=["ППО", *[str(m) for m in months]],
        rows=rows,
        widths=[40, *[22 for _ in months]],
        totals=["Сдано отчётов", *filed_per_month],
    )
    return to_bytes(workbook)


def rating_workbook(year: int, results, criteria) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Рейтинг {year}"
    headers = ["Место", "ППО", "Группа по численности", "Место в группе", "Итоговый балл"]
    headers += [f"{c.display_title} (вес {c.share} %)" for c in criteria]
    rows = []
    for result in results:
        points = {item["key"]: item for item in result.breakdown}
        row = [
            result.rank,
            result.organization.short_name,
            result.get_size_group_display(),
            result.group_rank,
            float(result.total),
        ]
        for criterion in criteria:
            item = points.get(criterion.metric_key)
            row.append(None if item is None else f"{item['points']} ({item['raw']})")
        rows.append(row)
    write_table(
        sheet,
        title=f"Рейтинг ППО по информационной работе за {year} год",
        headers=headers,
        rows=rows,
        widths=[8, 40, 22, 10, 12, *[24 for _ in criteria]],
    )
    return to_bytes(workbook)


def survey_workbook(survey, questions, rows) -> bytes:
    """All answers of a survey, one row per PPO."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ответы"
    table = [
        [
            organization.short_name,
            "отправлены"
            if response and response.submitted_at
            else ("черновик" if response else "нет"),
            *values,
        ]
        for organization, response, values in rows
    ]
    write_table(
        sheet,
        title=f"{survey.title} (до {survey.deadline:%d.%m.%Y})",
        headers=["ППО", "Ответы", *[q.text for q in questions]],
        rows=table,
        widths=[40, 14, *[30 for _ in questions]],
        totals=[
            "Ответили",
            sum(1 for _, r, _ in rows if r and r.submitted_at),
            *[None] * len(questions),
        ],
    )
    return to_bytes(workbook)
