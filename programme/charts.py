"""Server-rendered charts (pygal SVG) of the target indicators.

The SVG is delivered as a data: URI of an <img>: it needs no JavaScript and no CDN, prints, and
the chart's own <style> stays inside the image, so the page's Content-Security-Policy (no inline
styles or scripts) holds. The same SVG can be saved into a report."""

import base64

import pygal
from pygal.style import Style

from portal.periods import MONTH_NAMES

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#163f7a", "#c8102e", "#6c757d"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    title_font_size=14,
)


def indicator_chart_svg(series) -> str:
    """SVG of an indicator's monthly values, with its yearly target as a line."""
    chart = pygal.Line(
        width=640,
        height=300,
        style=CHART_STYLE,
        js=[],
        disable_xml_declaration=True,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        dots_size=3,
        allow_interruptions=True,
        show_y_guides=True,
        print_values=False,
        no_data_text="нет данных",
        margin=12,
        margin_bottom=28,
        x_label_rotation=0,
        show_minor_y_labels=False,
        y_labels_major_count=6,
        value_formatter=lambda v: f"{v:g}".replace(".", ","),
    )
    chart.x_labels = [MONTH_NAMES[p.index - 1][:3] for p in series.months]
    if any(v is not None for v in series.values):
        chart.add("Факт с начала года" if series.cumulative else "Факт", series.values)
        if series.target is not None:
            chart.add("Цель на год", [series.target] * len(series.months), show_dots=False)
        baseline = series.indicator.baseline_value
        if baseline is not None:
            chart.add("Базовое значение", [float(baseline)] * len(series.months), show_dots=False)
    return chart.render(is_unicode=True)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
