"""The charts' SVG: a legend's entries do not overlap, whatever their labels."""

import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pl_hours import charts


def points(weeks: int = 10) -> list[charts.Point]:
    start = date(2026, 8, 17)
    return [
        charts.Point(
            label=f"{start + timedelta(weeks=i):%b %-d}",
            bar=Decimal(i),
            line=Decimal(i) * Decimal("1.2"),
            muted=False,
        )
        for i in range(weeks)
    ]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=60))
def test_the_line_entry_of_the_legend_starts_after_the_bar_label(bar_label):
    svg = str(
        charts.bars_with_target(
            points(), title="Hours", description="d", bar_label=bar_label, line_label="Target"
        )
    )
    bar_text = re.search(r'<text x="([\d.]+)" y="16"[^>]*>', svg)
    dashed = re.search(r'<line x1="([\d.]+)" x2="([\d.]+)" y1="12" y2="12"', svg)
    assert bar_text and dashed
    # The bar's label is at most LEGEND_CHAR_WIDTH a character wide.
    label_end = float(bar_text.group(1)) + len(bar_label) * charts.LEGEND_CHAR_WIDTH
    assert float(dashed.group(1)) >= label_end + 12


def test_the_report_trends_legend_fits_the_chart():
    svg = str(
        charts.hours_so_far(
            [], title="Meaningful PL hours per teacher, week by week", per_teacher=True
        )
    )
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    target = re.search(r'<text x="([\d.]+)" y="16"[^>]*>Pro-rated target</text>', svg)
    assert target
    assert float(target.group(1)) + len("Pro-rated target") * charts.LEGEND_CHAR_WIDTH <= width
