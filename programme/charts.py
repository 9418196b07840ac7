"""Server-rendered charts (pygal SVG) of the target indicators.

The SVG is delivered as a data: URI of an <img>: it needs no JavaScript and no CDN, prints, and
the chart's own <style> stays inside the image, so the page's Content-Security-Policy (no inline
styles or scripts) holds. The same SVG can be saved into a report."""

import base64
import copy

import pygal
from pygal.style import Style

from portal.periods import MONTH_ABBREVIATIONS

SERIES_COLOURS = ("#163f7a", "#2a8a4a")
TARGET_COLOUR = "#c8102e"

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#163f7a", "#2a8a4a", "#c8102e", "#6c757d"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=18,
    major_label_font_size=18,
    legend_font_size=19,
    value_font_size=16,
    title_font_size=19,
)


def point_label(period) -> str:
    """A year's end as the year («2024»), another quarter's end as «II кв. 2024», the last point
    (a month inside a quarter) as «нояб. 2024»; only the years are printed under the axis."""
    if period.index == 12:
        return str(period.year)
    if period.index % 3 == 0:
        return f"{ROMAN[period.index // 3 - 1]} кв. {period.year}"
    return f"{MONTH_ABBREVIATIONS[period.index - 1]} {period.year}"


ROMAN = ("I", "II", "III", "IV")


def indicator_chart_svg(series) -> str:
    """SVG of an indicator's trend over the programme's years: each of its series (the
    indicator's metric and its companion) at the end of every quarter, the target of each year
    as a step line; the value axis starts at zero. Sized to stay legible when an <img> scales it
    down to a phone's width."""
    drawn = [
        line for line in series.lines if line.registered and any(v is not None for v in line.values)
    ]
    # The same colour means the same thing on every chart: blue the indicator's own series, green
    # its companion, red the target.
    style = copy.copy(CHART_STYLE)
    style.colors = (*SERIES_COLOURS[: len(drawn)], TARGET_COLOUR)
    chart = pygal.Line(
        width=480,
        height=330,
        style=style,
        js=[],
        disable_xml_declaration=True,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        dots_size=3,
        allow_interruptions=True,
        show_y_guides=True,
        print_values=False,
        no_data_text="нет данных",
        margin=10,
        margin_right=36,
        margin_bottom=16,
        x_label_rotation=0,
        include_x_axis=True,  # the value axis starts at zero: growth is not exaggerated
        show_minor_x_labels=False,
        show_minor_y_labels=False,
        y_labels_major_count=5,
        truncate_legend=-1,
        truncate_label=-1,
        value_formatter=lambda v: (
            f"{v:,.0f}".replace(",", "\u00a0") if v >= 1000 else f"{v:g}".replace(".", ",")
        ),
    )
    chart.x_labels = [point_label(p) for p in series.points]
    # One major label a year (its fourth quarter or the last point), so that a phone shows them.
    chart.x_labels_major = [
        point_label(p)
        for i, p in enumerate(series.points)
        if p.index == 12 or i == len(series.points) - 1
    ]
    for line in drawn:
        chart.add(line.short_label + (" (с начала года)" if line.cumulative else ""), line.values)
    if series.targets and series.points:
        chart.add(
            "Цель на год",
            [series.targets.get(p.year) for p in series.points],
            show_dots=False,
            stroke_style={"dasharray": "6,4"},
        )
    return chart.render(is_unicode=True)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
