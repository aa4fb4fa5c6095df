"""The schools × subsystems heatmap's rows, built in Python.

A large district has 150 schools × 6 subsystems; built with template tags the
cells cost more than computing them, so the markup is assembled here, every
value escaped. The dashboard and the board report use the same cell text.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()

SYMBOLS = {"met": "✓", "gap": "✕", "no_data": "–"}


def cell_text(cell, *, long: bool = True) -> str:
    """A cell's words: ✓ 3/3 met, ✕ 1/2 met, – no data (the report leaves out "met")."""
    if not cell.with_data:
        return f"{SYMBOLS[cell.status]} no data"
    return f"{SYMBOLS[cell.status]} {cell.met}/{cell.with_data}{' met' if long else ''}"


@register.simple_tag
def heatmap_rows(rows, district, query: str, can_drill: bool) -> SafeString:
    """The dashboard's rows: a school name (a link to its drill-down) and one cell per
    subsystem, each a link with the figures spelled out for screen readers."""
    suffix = f"?{escape(query)}" if query else ""
    # One reverse() for all rows: the URL differs only by the school's id.
    marker = "00000000-0000-0000-0000-000000000000"
    pattern = escape(reverse("school_dashboard", args=[district.slug, marker]))
    html = []
    for school, cells in rows:
        name = escape(school.name)
        if not can_drill:
            html.append(f'<tr><th scope="row">{name}</th>{heatmap_cells(cells)}</tr>')
            continue
        url = pattern.replace(marker, str(school.pk))
        tds = []
        for cell in cells:
            spoken = (
                f"{cell.met} of {cell.with_data} indicators met" if cell.with_data else "no data"
            )
            tds.append(
                f'<td class="cell cell-{cell.status}"><a href="{url}{suffix}#{cell.key}" '
                f'aria-label="{name}, {escape(cell.label)}: {spoken}">{cell_text(cell)}</a></td>'
            )
        html.append(
            f'<tr><th scope="row"><a href="{url}{suffix}">{name}</a></th>{"".join(tds)}</tr>'
        )
    return SafeString("\n".join(html))


@register.simple_tag
def heatmap_cells(cells, long: bool = True) -> SafeString:
    """One row's cells without links (the district row, and the printed report)."""
    return SafeString(
        "".join(
            f'<td class="{"cell " if long else ""}cell-{cell.status}">'
            f"{cell_text(cell, long=long)}</td>"
            for cell in cells
        )
    )
