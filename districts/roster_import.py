"""Roster import: schools and educators from CSV, validated whole, applied at once.

Two shapes are accepted for each file: our own columns, and OneRoster's
``orgs.csv`` / ``users.csv`` column names. A file is checked completely
first; any bad row means a list of row-numbered errors and nothing written.
A good file is applied in one transaction and matched on school code and
educator e-mail, so uploading it again creates no duplicates.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction

from districts.models import District, Educator, GradeBand, Position, School
from districts.services import FIGURE_FIELDS, mark_weeks_dirty, weeks_of_current_year

MAX_BYTES = 5 * 1024 * 1024

SCHOOL_COLUMNS = {
    "code": "required — the district's school code, matched on re-upload",
    "name": "required",
    "grade_band": "elementary, middle, high, k8 or other (default elementary)",
    "active": "yes or no (default yes)",
}
EDUCATOR_COLUMNS = {
    "email": "required — matched on re-upload",
    "first_name": "required",
    "last_name": "required",
    "school_code": "the school's code; empty for district-level staff",
    "position": "teacher, interventionist, coach, principal, assistant_principal, "
    "district_staff or other (default teacher)",
    "teaches_math": "yes or no (default yes)",
    "active": "yes or no (default yes)",
    "start_date": "their first day, YYYY-MM-DD (optional; a new person starts on the day "
    "of the import)",
}
ONEROSTER_ORGS = ("sourcedId", "name", "type")
ONEROSTER_USERS = ("sourcedId", "givenName", "familyName", "email", "role", "orgSourcedIds")

# OneRoster roles we keep; students and families are never stored.
ONEROSTER_ROLES = {
    "teacher": Position.TEACHER,
    "aide": Position.INTERVENTIONIST,
    "administrator": Position.PRINCIPAL,
    "principal": Position.PRINCIPAL,
    "siteadministrator": Position.PRINCIPAL,
    "districtadministrator": Position.DISTRICT_STAFF,
    "systemadministrator": Position.DISTRICT_STAFF,
    "proctor": Position.OTHER,
}
ONEROSTER_SKIPPED_ROLES = {"student", "guardian", "parent", "relative"}

GRADE_BAND_ALIASES = {
    "elementary": GradeBand.ELEMENTARY,
    "k-5": GradeBand.ELEMENTARY,
    "k5": GradeBand.ELEMENTARY,
    "middle": GradeBand.MIDDLE,
    "6-8": GradeBand.MIDDLE,
    "high": GradeBand.HIGH,
    "9-12": GradeBand.HIGH,
    "k8": GradeBand.K8,
    "k-8": GradeBand.K8,
    "other": GradeBand.OTHER,
}
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}


class RosterImportError(Exception):
    """The file cannot be applied; ``errors`` lists what to fix, by row where known."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        noun = "schools" if self.kind == "schools" else "educators"
        text = (
            f"{noun.capitalize()}: {self.created} added, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )
        if self.skipped:
            text += f" {self.skipped} rows skipped (students and families are never imported)."
        return text


SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods, old .xls


def looks_binary(raw: bytes) -> bool:
    """A spreadsheet, or text that is mostly NUL bytes (UTF-16, an image): not a CSV. A
    stray NUL byte in a value is that row's error instead."""
    start = raw[:4096]
    return start.startswith(SPREADSHEET_SIGNATURES) or start.count(0) > len(start) // 16


def read_csv(raw: bytes) -> tuple[list[str], list[dict[str, str]]]:
    if not raw.strip():
        raise RosterImportError(["The file is empty."])
    if len(raw) > MAX_BYTES:
        raise RosterImportError([f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."])
    if looks_binary(raw):
        raise RosterImportError(
            [
                "This is not a CSV file (it looks like a spreadsheet or other binary file). "
                "Save it as “CSV UTF-8 (comma delimited)” and upload that."
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterImportError(
            [
                "The file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)” "
                "and upload it again."
            ]
        ) from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        headers = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = headers
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise RosterImportError([f"The file could not be read as CSV: {exc}."]) from None
    if not headers:
        raise RosterImportError(["The file has no header row."])
    if not rows:
        raise RosterImportError(["The file has a header row but no data rows."])
    return headers, rows


def detect_kind(headers: list[str]) -> tuple[str, bool]:
    """Return ('schools' | 'educators', is_oneroster) from the header row."""
    present = set(headers)
    lowered = {h.lower() for h in headers}
    if set(ONEROSTER_USERS) <= present:
        return "educators", True
    if set(ONEROSTER_ORGS) <= present:
        return "schools", True
    if {"email", "first_name", "last_name"} <= lowered:
        return "educators", False
    if {"code", "name"} <= lowered:
        return "schools", False
    raise RosterImportError(
        [
            "The header row matches neither a schools file (code, name, …) nor an educators "
            "file (email, first_name, last_name, …). Found: " + ", ".join(headers) + "."
        ]
    )


def _bool(value: str, default: bool, row: int, column: str, errors: list[str]) -> bool:
    word = value.strip().lower()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(f"Row {row}: {column} “{value}” should be yes or no.")
    return default


def _lower_keys(row: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in row.items()}


def _check_text(model, row: dict[str, str], number: int, errors: list[str]) -> None:
    """Every value fits its column and holds no NUL byte (a row-numbered error otherwise)."""
    for column, value in row.items():
        if "\x00" in value:
            errors.append(f"Row {number}: {column} holds a NUL byte; remove it.")
            continue
        name = {"school_code": "code"}.get(column, column)
        try:
            limit = (School if column == "school_code" else model)._meta.get_field(name).max_length
        except FieldDoesNotExist:
            continue
        if limit and len(value) > limit:
            errors.append(
                f"Row {number}: {column} is {len(value)} characters long; at most {limit}."
            )


def _date(value: str, row: int, column: str, errors: list[str]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"Row {row}: {column} “{value}” is not a date like 2026-08-17.")
        return None


def parse_schools(rows, oneroster: bool) -> tuple[list[dict], list[str], int]:
    parsed, errors, skipped, seen = [], [], 0, {}
    code_field = School._meta.get_field("code")
    for number, raw in enumerate(rows, start=2):
        if oneroster:
            if raw.get("type", "").lower() != "school":
                skipped += 1
                continue
            row = {"code": raw["sourcedId"], "name": raw["name"], "grade_band": "", "active": ""}
            if raw.get("status", "").lower() == "tobedeleted":
                row["active"] = "no"
        else:
            row = _lower_keys(raw)
        _check_text(School, row, number, errors)
        code, name = row.get("code", ""), row.get("name", "")
        if not code:
            errors.append(f"Row {number}: code is missing.")
        else:
            try:
                code_field.run_validators(code)
            except ValidationError as exc:
                errors.append(f"Row {number}: code “{code}”: {' '.join(exc.messages)}")
            if code in seen:
                errors.append(f"Row {number}: code “{code}” already appears on row {seen[code]}.")
            seen.setdefault(code, number)
        if not name:
            errors.append(f"Row {number}: name is missing.")
        band_text = row.get("grade_band", "").strip().lower()
        grade_band = GRADE_BAND_ALIASES.get(band_text) if band_text else None
        if band_text and grade_band is None:
            errors.append(
                f"Row {number}: grade_band “{row['grade_band']}” is not one of "
                "elementary, middle, high, k8, other."
            )
        active = _bool(row.get("active", ""), True, number, "active", errors)
        parsed.append({"code": code, "name": name, "grade_band": grade_band, "active": active})
    return parsed, errors, skipped


def parse_educators(rows, oneroster: bool, school_codes: set[str]):
    parsed, errors, skipped, seen = [], [], 0, {}
    positions = set(Position.values)
    for number, raw in enumerate(rows, start=2):
        if oneroster:
            role = raw.get("role", "").replace(" ", "").lower()
            if role in ONEROSTER_SKIPPED_ROLES:
                skipped += 1
                continue
            orgs = [o.strip() for o in raw.get("orgSourcedIds", "").split(",") if o.strip()]
            row = {
                "email": raw.get("email", ""),
                "first_name": raw.get("givenName", ""),
                "last_name": raw.get("familyName", ""),
                "school_code": orgs[0] if orgs else "",
                "position": ONEROSTER_ROLES.get(role, ""),
                "teaches_math": "",
                "active": raw.get("enabledUser", ""),
            }
            if role and role not in ONEROSTER_ROLES:
                errors.append(f"Row {number}: OneRoster role “{raw.get('role')}” is not known.")
            if raw.get("status", "").lower() == "tobedeleted":
                row["active"] = "no"
            # A user's orgs may include the district itself; use the first school we know.
            known = [o for o in orgs if o in school_codes]
            row["school_code"] = known[0] if known else row["school_code"]
        else:
            row = _lower_keys(raw)
        _check_text(Educator, row, number, errors)
        email = row.get("email", "").strip().lower()
        if not email:
            errors.append(f"Row {number}: email is missing.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(f"Row {number}: email “{email}” is not a valid address.")
            if email in seen:
                errors.append(f"Row {number}: email {email} already appears on row {seen[email]}.")
            seen.setdefault(email, number)
        for column in ("first_name", "last_name"):
            if not row.get(column):
                errors.append(f"Row {number}: {column} is missing.")
        school_code = row.get("school_code", "")
        if school_code and school_code not in school_codes:
            errors.append(
                f"Row {number}: school_code “{school_code}” is not a school in this district "
                "(import the schools file first)."
            )
        position = row.get("position", "").strip().lower().replace(" ", "_") or "teacher"
        if position not in positions:
            errors.append(f"Row {number}: position “{row.get('position')}” is not known.")
        parsed.append(
            {
                "email": email,
                "first_name": row.get("first_name", ""),
                "last_name": row.get("last_name", ""),
                "school_code": school_code,
                "position": position,
                "teaches_math": _bool(
                    row.get("teaches_math", ""), True, number, "teaches_math", errors
                ),
                "active": _bool(row.get("active", ""), True, number, "active", errors),
                "start_date": _date(row.get("start_date", ""), number, "start_date", errors),
            }
        )
    return parsed, errors, skipped


def _apply_schools(district: District, parsed: list[dict], result: ImportResult) -> None:
    existing = {s.code: s for s in School.objects.for_district(district)}
    to_create, to_update = [], []
    for row in parsed:
        school = existing.get(row["code"])
        if school is None:
            to_create.append(
                School(
                    district=district,
                    code=row["code"],
                    name=row["name"],
                    grade_band=row["grade_band"] or GradeBand.ELEMENTARY,
                    active=row["active"],
                )
            )
            continue
        new = {
            "name": row["name"],
            "grade_band": row["grade_band"] or school.grade_band,
            "active": row["active"],
        }
        if all(getattr(school, k) == v for k, v in new.items()):
            result.unchanged += 1
            continue
        for k, v in new.items():
            setattr(school, k, v)
        to_update.append(school)
    School.objects.bulk_create(to_create, batch_size=500)
    School.objects.bulk_update(to_update, ["name", "grade_band", "active"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)


EDUCATOR_FIELDS = ["first_name", "last_name", "school_id", "position", "teaches_math", "active"]


def _apply_educators(district: District, parsed: list[dict], result: ImportResult) -> None:
    schools = dict(School.objects.for_district(district).values_list("code", "pk"))
    existing = {e.email.lower(): e for e in Educator.objects.for_district(district)}
    today = district.today()
    to_create, to_update, moved = [], [], False
    for row in parsed:
        values = {
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "school_id": schools.get(row["school_code"]),
            "position": row["position"],
            "teaches_math": row["teaches_math"],
            "active": row["active"],
        }
        if row["start_date"] is not None:
            values["start_date"] = row["start_date"]
        educator = existing.get(row["email"])
        if educator is None:
            to_create.append(
                Educator(district=district, email=row["email"], **{"start_date": today, **values})
            )
        elif all(getattr(educator, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            moved |= any(getattr(educator, f) != values[f] for f in FIGURE_FIELDS if f in values)
            for k, v in values.items():
                setattr(educator, k, v)
            to_update.append(educator)
    Educator.objects.bulk_create(to_create, batch_size=500)
    update_by_id(
        Educator, district=district, rows=to_update, fields=[*EDUCATOR_FIELDS, "start_date"]
    )
    result.created, result.updated = len(to_create), len(to_update)
    if moved:
        # Someone changed school, position, math, active or start: their minutes move.
        mark_weeks_dirty(district=district, weeks=weeks_of_current_year(district))


def update_by_id(model, *, district: District, rows: list, fields: list[str]) -> None:
    """Write ``fields`` of many rows of the district in set-based statements: on PostgreSQL
    one ``UPDATE … FROM unnest(arrays)`` for all of them, on SQLite one ``UPDATE … FROM``
    a ``VALUES`` list per 500 rows (Django's ``bulk_update`` builds a ``CASE`` per field
    with a branch per row, which grows with the square of the rows)."""
    if not rows:
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    values = [
        [column.get_db_prep_value(getattr(row, column.attname), connection) for row in rows]
        for column in columns
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    names = [connection.ops.quote_name(column.column) for column in columns]
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    district_id = model._meta.get_field("district").get_db_prep_value(district.pk, connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "
                f"FROM unnest({arrays}) AS v({', '.join(names)}) "
                f"WHERE t.{names[0]} = v.{names[0]} AND t.district_id = %s",
                [*values, district_id],
            )
            return
        for start in range(0, len(rows), 500):
            chunk = [
                list(row) for row in zip(*(v[start : start + 500] for v in values), strict=True)
            ]
            placeholders = ", ".join("(" + ", ".join(["%s"] * len(columns)) + ")" for _ in chunk)
            cursor.execute(
                f"WITH v({', '.join(names)}) AS (VALUES {placeholders}) "
                f"UPDATE {table} SET {assignments} FROM v "
                f"WHERE {table}.{names[0]} = v.{names[0]} AND {table}.district_id = %s",
                [*(value for row in chunk for value in row), district_id],
            )


def roster_import(*, district: District, raw: bytes, expected: str | None = None) -> ImportResult:
    """Validate the whole file, then apply it in one transaction (or raise, writing nothing).
    ``expected`` ("schools" or "educators") refuses a file of the other kind."""
    headers, rows = read_csv(raw)
    kind, oneroster = detect_kind(headers)
    if expected is not None and kind != expected:
        raise RosterImportError([f"This is {kind} file, not {expected}: check the kind."])
    if kind == "schools":
        parsed, errors, skipped = parse_schools(rows, oneroster)
    else:
        codes = set(School.objects.for_district(district).values_list("code", flat=True))
        parsed, errors, skipped = parse_educators(rows, oneroster, codes)
    if errors:
        raise RosterImportError(errors)
    result = ImportResult(kind=kind, skipped=skipped)
    with transaction.atomic():
        # One import at a time per district: a second upload of the same file waits for the
        # first, then finds its rows and changes nothing (instead of inserting them twice).
        # (FOR NO KEY UPDATE: other writes' foreign-key checks on the district go on.)
        District.objects.select_for_update(no_key=True).get(pk=district.pk)
        if kind == "schools":
            _apply_schools(district, parsed, result)
        else:
            _apply_educators(district, parsed, result)
    return result
