"""Server-rendered SVG charts: the same markup on pages and in printed reports.

Charts never rely on colour alone: bars and the target line differ in shape
(solid bars, a dashed line with markers), carry a legend in words, and every
chart comes with a data table in the page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b4f8a"
BAR_FUTURE = "#c9d0d9"
LINE = "#b35c00"
INK = "#1b1f24"
GRID = "#d5dae1"


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
    # Legend in words, with the two marks drawn differently.
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
            left + 260,
            left + 290,
            LINE,
            left + 296,
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
