"""CSV exports of list pages: columns declared once, cells safe to open in a spreadsheet."""

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from districts.signals import named_export


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is exported as plain text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return response


Accessor = str | Callable[[Any], Any]


def _cell(row: Any, accessor: Accessor) -> Any:
    """A dotted attribute path (``school.code``; an empty link gives "") or a function."""
    if callable(accessor):
        return accessor(row)
    value = row
    for name in accessor.split("."):
        value = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
        if value is None:
            return ""
    return value


@dataclass(frozen=True)
class CsvExport:
    """A list's CSV: the file's name (after the district's slug) and its columns, each a
    header with the attribute path or function that gives the cell. ``names``: its rows
    name people (educators, logins), so handing it out is written to the audit trail."""

    name: str
    columns: Sequence[tuple[str, Accessor]]
    names: bool = False

    def respond(self, request: HttpRequest, rows: Iterable[Any]) -> HttpResponse:
        """The CSV for the request's district; an export of names is announced for the trail."""
        rows = list(rows)
        response = self.response(request.district.slug, rows)
        if self.names:
            named_export.send(
                sender=CsvExport,
                request=request,
                name=f"{request.district.slug}-{self.name}.csv",
                rows=len(rows),
            )
        return response

    def response(self, slug: str, rows: Iterable[Any]) -> HttpResponse:
        return csv_response(
            f"{slug}-{self.name}.csv",
            [header for header, _ in self.columns],
            ([_cell(row, accessor) for _, accessor in self.columns] for row in rows),
        )
