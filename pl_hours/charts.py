"""Server-rendered SVG charts, the one charts module: the same markup on the hours pages,
the plan, the dashboard and the printed board reports (it lives in the lowest layer that
draws, so every layer above can use it).

Charts never rely on colour alone: bars and the target line differ in shape
(solid bars, a dashed line with markers), carry a legend in words, and every
chart comes with a data table in the page.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b4f8a"
BAR_FUTURE = "#c9d0d9"
LINE = "#b35c00"
INK = "#1b1f24"
GRID = "#d5dae1"
# The widest a character of the charts' 12-unit sans-serif text is on average (DejaVu Sans,
# the report's font, is among the widest): room left for a legend's label.
LEGEND_CHAR_WIDTH = 7.5


@dataclass(frozen=True)
class Point:
    label: str
    bar: Decimal
    line: Decimal
    muted: bool = False  # a break week or a week still to come


def _nice_max(value: Decimal) -> Decimal:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if value <= step:
            return Decimal(step)
    return Decimal(int(value) + 1)


def bars_with_target(
    points: list[Point],
    *,
    title: str,
    description: str,
    bar_label: str,
    line_label: str,
    unit: str = "h",
    width: int = 720,
    height: int = 260,
) -> SafeString:
    left, right, top, bottom = 44, 12, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max([p.bar for p in points] + [p.line for p in points] + [Decimal(1)]))
    count = max(len(points), 1)
    slot = plot_w / count
    bar_w = max(slot * 0.7, 1)

    def y(value: Decimal) -> str:
        return n(top + plot_h - float(value / top_value) * plot_h)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc" class="chart" font-family="sans-serif" '
            'font-size="12">',
            width,
            height,
            _id(title),
            _id(title),
        ),
        format_html('<title id="{}-title">{}</title>', _id(title), title),
        format_html('<desc id="{}-desc">{}</desc>', _id(title), description),
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top_value * Decimal(str(fraction))
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                left,
                width - right,
                y(value),
                y(value),
                GRID,
                left - 6,
                n(float(y(value)) + 4),
                INK,
                f"{value.normalize():f}",
            )
        )
    for index, point in enumerate(points):
        x = left + index * slot + (slot - bar_w) / 2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {} {}</title></rect>",
                n(x),
                y(point.bar),
                n(bar_w),
                n(top + plot_h - float(y(point.bar))),
                BAR_FUTURE if point.muted else BAR,
                point.label,
                f"{point.bar:.1f}",
                unit,
            )
        )
    line_points = " ".join(
        f"{n(left + (i + 0.5) * slot)},{y(p.line)}" for i, p in enumerate(points)
    )
    parts.append(
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="6 4"/>',
            line_points,
            LINE,
        )
    )
    step = max(1, count // 8)
    for index in range(0, len(points), step):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                n(left + (index + 0.5) * slot),
                height - bottom + 16,
                INK,
                points[index].label,
            )
        )
    # Legend in words, with the two marks drawn differently; the line's entry starts after
    # the bar's label, however long (at most LEGEND_CHAR_WIDTH a character).
    line_x = left + 20 + math.ceil(len(bar_label) * LEGEND_CHAR_WIDTH) + 24
    parts.append(
        format_html(
            '<rect x="{}" y="6" width="14" height="12" fill="{}"/>'
            '<text x="{}" y="16" fill="{}">{}</text>'
            '<line x1="{}" x2="{}" y1="12" y2="12" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="6 4"/><text x="{}" y="16" fill="{}">{}</text>',
            left,
            BAR,
            left + 20,
            INK,
            bar_label,
            line_x,
            line_x + 30,
            LINE,
            line_x + 36,
            INK,
            line_label,
        )
    )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def n(value: float) -> str:
    """A coordinate, to one decimal place."""
    return f"{value:.1f}"


def _id(text: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in escape(text).lower())[:40]


def sparkline(
    values: list[Decimal], *, title: str, width: int = 120, height: int = 30
) -> SafeString:
    """A small line of values over time (a key result's check-ins), with a title for readers."""
    if not values:
        return mark_safe("")
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = (width - 8) / max(len(values) - 1, 1)
    points = " ".join(
        f"{n(4 + i * step)},{n(height - 4 - float((v - low) / span) * (height - 8))}"
        for i, v in enumerate(values)
    )
    last_x, last_y = points.split(" ")[-1].split(",")
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" class="sparkline"><title>{}</title>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>'
        '<circle cx="{}" cy="{}" r="3" fill="{}"/></svg>',
        width,
        height,
        width,
        height,
        title,
        points,
        BAR,
        last_x,
        last_y,
        LINE,
    )


# Colour-blind-safe palette (Okabe–Ito), with a pattern word in every legend entry.
CATEGORY_COLOURS = {
    "logistics": "#999999",
    "pacing": "#E69F00",
    "surface_strategies": "#56B4E9",
    "unfocused_talk": "#CC79A7",
    "instructional_planning": "#0072B2",
}


def stacked_shares(
    bars: list[tuple[str, list[tuple[str, str, Decimal]]]],
    *,
    title: str,
    description: str,
    width: int = 640,
) -> SafeString:
    """Horizontal 100 % bars: [(bar label, [(key, label, share 0–1), …]), …]."""
    row_h, left, top = 34, 150, 8
    legend_rows = (len(bars[0][1]) + 2) // 3 if bars else 0
    height = top + len(bars) * (row_h + 10) + 18 * legend_rows + 10
    plot_w = width - left - 10
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'class="chart" font-family="sans-serif" font-size="12">'
            "<title>{}</title><desc>{}</desc>",
            width,
            height,
            title,
            description,
        )
    ]
    for row, (label, segments) in enumerate(bars):
        y = top + row * (row_h + 10)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                left - 8,
                y + row_h / 2 + 4,
                INK,
                label,
            )
        )
        x = float(left)
        for key, segment_label, share in segments:
            w = float(share) * plot_w
            if w <= 0:
                continue
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff">'
                    "<title>{}: {} %</title></rect>",
                    n(x),
                    y,
                    n(w),
                    row_h,
                    CATEGORY_COLOURS.get(key, BAR),
                    segment_label,
                    f"{share * 100:.0f}",
                )
            )
            if w > 34:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle" fill="#000">{} %</text>',
                        n(x + w / 2),
                        y + row_h / 2 + 4,
                        f"{share * 100:.0f}",
                    )
                )
            x += w
    if bars:
        y0 = top + len(bars) * (row_h + 10) + 4
        for index, (key, segment_label, _) in enumerate(bars[0][1]):
            col, line = index % 3, index // 3
            x = left + col * (plot_w / 3)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    n(x),
                    y0 + line * 18,
                    CATEGORY_COLOURS.get(key, BAR),
                    n(x + 16),
                    y0 + line * 18 + 10,
                    INK,
                    segment_label,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def histogram(
    buckets: list[tuple[str, int]],
    *,
    title: str,
    description: str,
    width: int = 640,
    height: int = 200,
) -> SafeString:
    """Counts per bucket (for example teachers by meaningful hours), labelled with the counts."""
    left, bottom, top = 30, 30, 12
    plot_w, plot_h = width - left - 10, height - top - bottom
    most = max([count for _, count in buckets] + [1])
    slot = plot_w / max(len(buckets), 1)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'class="chart" font-family="sans-serif" font-size="12">'
            "<title>{}</title><desc>{}</desc>",
            width,
            height,
            title,
            description,
        )
    ]
    for index, (label, count) in enumerate(buckets):
        h = plot_h * count / most
        x = left + index * slot + slot * 0.1
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                n(x),
                n(top + plot_h - h),
                n(slot * 0.8),
                n(h),
                BAR,
                label,
                count,
                n(x + slot * 0.4),
                n(top + plot_h - h - 4),
                INK,
                count,
                n(x + slot * 0.4),
                height - bottom + 16,
                INK,
                label,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def hours_so_far(series, *, title: str, per_teacher: bool) -> SafeString:
    """The weekly series of meaningful hours (``pl_hours.selectors.weekly_series``): bars of
    the hours so far, week by week, against the pro-rated target's dashed line."""
    who = "mean meaningful hours per teacher" if per_teacher else "meaningful hours"
    points = [
        Point(
            label=f"{p.week_start:%b %-d}",
            bar=Decimal(0) if p.is_future else p.cumulative_hours,
            line=p.target_hours,
            muted=p.is_break,
        )
        for p in series
    ]
    return bars_with_target(
        points,
        title=title,
        description=f"Bars: {who} so far, week by week. Dashed line: the pro-rated target. "
        "The table after the chart lists every value.",
        bar_label=f"{who[0].upper()}{who[1:]} so far",
        line_label="Pro-rated target",
    )
