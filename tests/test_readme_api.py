"""The README's table of API endpoints and their list filters is the schema's own: every
collection and action the schema offers is in it, with the same methods and filters."""

import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

README = Path(__file__).resolve().parent.parent / "README.md"
PREFIX = "/api/v1/d/{district_slug}/"
A_RECORD = re.compile(r"[a-z-]+/\{[a-z_]+\}/")  # plain record paths are described in words


def from_schema() -> dict[str, tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    rows = {}
    for path, operations in schema["paths"].items():
        if not path.startswith(PREFIX) or A_RECORD.fullmatch(path[len(PREFIX) :]):
            continue
        methods = " ".join(
            m.upper() for m in operations if m in ("get", "post", "put", "patch", "delete")
        )
        listing = operations.get("get") or {}
        filters = sorted(
            p["name"]
            for p in listing.get("parameters", [])
            if p["in"] == "query" and p["name"] != "page"
        )
        rows[path[len(PREFIX) :]] = (methods, ", ".join(f"`{f}`" for f in filters) or "—")
    return rows


def from_readme() -> dict[str, tuple[str, str]]:
    text = README.read_text()
    table = text.split("<!-- api-table -->")[1].split("<!-- /api-table -->")[0]
    rows = {}
    for line in table.strip().splitlines()[2:]:
        _, path, methods, filters, _ = (cell.strip() for cell in line.split("|"))
        rows[path.strip("`")] = (methods, filters)
    return rows


@pytest.mark.django_db
def test_the_readme_lists_the_endpoints_and_filters_the_schema_offers():
    assert from_readme() == from_schema()
