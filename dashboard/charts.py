"""The charts of the dashboard and the board report: one module, the same SVG in both.

Every chart has a title and description for screen readers, uses shapes and
words besides colour, and is paired with a data table where it is shown.
"""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pl_hours.charts import BAR, INK, LINE, Point, bars_with_target, n, sparkline  # noqa: F401

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
