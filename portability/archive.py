"""A whole district in one zip: every table it owns, as CSV and as JSON, with a manifest.

What it holds: every model with a ``district`` foreign key — the roster, every record, the
ledger and rollups, the edit history tables, the audit trail, sign-in settings — and the
logins those rows refer to (name, username, e-mail, whether active: never a password).
Nothing else: no password hash, session, API token, provider link or client secret (those
live in tables without a district, or, for secrets, outside the database).

``manifest.json`` names the format, the schema (each app's latest migrations), every table
with its row count and files, and the sha256 of every file. ``archive_import`` reads one back
as a *new* district: every id is new (remapped consistently, so a round trip into the same
database collides with nothing), logins are matched by e-mail or created without a usable
password, and the rollups are recomputed from the imported ledger.
"""

import csv
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_slug
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from districts.models import District, User
from pl_hours.rollups import rollups_recompute

FORMAT = "coherence-district-archive"
FORMAT_VERSION = 1
USER_FIELDS = ["id", "username", "first_name", "last_name", "email", "is_active", "date_joined"]
DISTRICT_FIELDS = ["slug", "name", "time_zone", "pl_target_hours", "summer_pl_counts_next_year"]
# Kept in the archive, not brought back: derived figures the import recomputes, the queue of
# weeks to recompute, files made on the old server (reports and archives are made anew), and
# the notices people received there (their links name the old district's records; each
# person's choices of what to receive do come along).
NOT_IMPORTED = {
    "pl_hours.weeklyrollup",
    "pl_hours.schoolweekrollup",
    "districts.dirtyweek",
    "dashboard.boardreport",
    "portability.districtexport",
    "notices.notice",
    "notices.noticesubject",
    "outreach.remindersent",
}
BATCH = 1000


def district_models() -> list[type[models.Model]]:
    """Every model with a ``district`` foreign key, history tables included, in a fixed order."""
    found = []
    for model in apps.get_models():
        try:
            district_field = model._meta.get_field("district")
        except Exception:
            continue
        if district_field.is_relation and district_field.related_model is District:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _rows(model: type[models.Model], district: District) -> Iterator[tuple]:
    names = [f.attname for f in _columns(model)]
    rows = model._default_manager.filter(district=district).order_by("pk")
    yield from rows.values_list(*names).iterator(chunk_size=2000)


def _user_ids(model: type[models.Model], district: District) -> set[int]:
    ids: set[int] = set()
    for f in _columns(model):
        if f.is_relation and f.related_model is User:
            values = model._default_manager.filter(district=district).values_list(f.attname)
            ids |= {v for (v,) in values.distinct() if v is not None}
    return ids


def schema_version() -> dict[str, list[str]]:
    """Each app's latest migrations (the leaf nodes of its graph), as the database has them."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves: dict[str, list[str]] = {}
    for app_label, name in loader.graph.leaf_nodes():
        leaves.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(leaves.items())}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class _Writer:
    """Files into the zip, each hashed as it is written."""

    def __init__(self, out: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self.sums: dict[str, str] = {}

    def add(self, name: str, data: bytes) -> None:
        self.sums[name] = hashlib.sha256(data).hexdigest()
        self.zip.writestr(name, data)

    def table(self, name: str, columns: list[str], rows: Iterator[tuple]) -> int:
        as_csv = io.StringIO()
        writer = csv.writer(as_csv)
        writer.writerow(columns)
        as_json = io.StringIO()
        as_json.write('{"columns": ' + json.dumps(columns) + ', "rows": [')
        count = 0
        for row in rows:
            writer.writerow([_text(v) for v in row])
            as_json.write(("," if count else "") + "\n" + json.dumps(row, cls=DjangoJSONEncoder))
            count += 1
        as_json.write("\n]}\n")
        self.add(f"csv/{name}.csv", as_csv.getvalue().encode())
        self.add(f"json/{name}.json", as_json.getvalue().encode())
        return count


def archive_export(
    *, district: District, out: IO[bytes], progress: Callable[[int], None] | None = None
) -> dict:
    """Write the district's archive to ``out`` (a binary file); returns the manifest."""
    writer = _Writer(out)
    tables = []
    user_ids: set[int] = set(
        User.objects.filter(memberships__district=district).values_list("pk", flat=True)
    )
    models_ = district_models()
    for n, model in enumerate(models_, start=1):
        name = model._meta.label_lower
        columns = [f.attname for f in _columns(model)]
        rows = writer.table(name, columns, _rows(model, district))
        tables.append(
            {"model": name, "rows": rows, "csv": f"csv/{name}.csv", "json": f"json/{name}.json"}
        )
        user_ids |= _user_ids(model, district)
        if progress:
            progress(int(90 * n / len(models_)))
    users = User.objects.filter(pk__in=user_ids).order_by("pk").values_list(*USER_FIELDS)
    tables.append(
        {
            "model": "users",
            "rows": writer.table("users", USER_FIELDS, users.iterator()),
            "csv": "csv/users.csv",
            "json": "json/users.json",
        }
    )
    district_row = {name: getattr(district, name) for name in DISTRICT_FIELDS}
    writer.add("district.json", json.dumps(district_row, cls=DjangoJSONEncoder, indent=2).encode())
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "district": district_row,
        "schema": schema_version(),
        "tables": tables,
        "files": dict(sorted(writer.sums.items())),
        "not_included": "passwords, sessions, API tokens, single sign-on links, client secrets",
    }
    writer.zip.writestr(
        "manifest.json", json.dumps(manifest, cls=DjangoJSONEncoder, indent=2).encode()
    )
    writer.zip.close()
    if progress:
        progress(100)
    return manifest


# --- Import -------------------------------------------------------------------------------


class ArchiveError(ValidationError):
    """The archive cannot be imported; the message says why."""


@dataclass
class ImportResult:
    district: District
    rows: dict[str, int] = field(default_factory=dict)
    users_created: int = 0
    users_matched: int = 0

    @property
    def summary(self) -> str:
        total = sum(self.rows.values())
        return (
            f"Imported {total:,} rows into {self.district.name} (/d/{self.district.slug}/); "
            f"{self.users_created} logins created without a password, "
            f"{self.users_matched} matched to existing logins by e-mail."
        )


def _read(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise ArchiveError(
            "This is not a district archive: it has no readable manifest.json."
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError("This is not a district archive of a format this version reads.")
    for name, expected in manifest["files"].items():
        try:
            data = archive.read(name)
        except KeyError:
            raise ArchiveError(f"The archive lacks {name}.") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise ArchiveError(f"{name} does not match its checksum: the archive is damaged.")
    applied = {(app, name) for app, name in MigrationRecorder(connection).applied_migrations()}
    missing = [
        f"{app}.{name}"
        for app, names in manifest["schema"].items()
        for name in names
        if (app, name) not in applied
    ]
    if missing:
        raise ArchiveError(
            "The archive comes from a newer version (migrations this database lacks: "
            f"{', '.join(missing[:5])}). Upgrade, then import."
        )
    return manifest


def _table(archive: zipfile.ZipFile, name: str) -> tuple[list[str], list[list]]:
    data = json.loads(archive.read(f"json/{name}.json"))
    return data["columns"], data["rows"]


@contextmanager
def _stamps_kept(model: type[models.Model]) -> Iterator[None]:
    """Keep the archive's created/updated times: bulk_create would stamp them now."""
    stamped: list[Any] = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    try:
        for f in stamped:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _match_users(columns: list[str], rows: list[list], result: ImportResult) -> dict[int, int]:
    """Old login id → login here: the same e-mail is the same person (one login for all their
    districts); anyone else gets a new login with no usable password."""
    mapping = {}
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        email = (row["email"] or "").strip()
        found = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
        if found is None:
            username = row["username"]
            n = 1
            while User.objects.filter(username=username).exists():
                n += 1
                username = f"{row['username']}-{n}"
            found = User(
                username=username,
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=email,
                is_active=row["is_active"],
            )
            found.set_unusable_password()
            found.save()
            result.users_created += 1
        else:
            result.users_matched += 1
        mapping[row["id"]] = found.pk
    return mapping


def _is_uuid_field(f: Any) -> bool:
    target = f.target_field if f.is_relation else f
    return isinstance(target, models.UUIDField)


def archive_import(*, source: IO[bytes], slug: str, name: str = "") -> ImportResult:
    """Create a new district ``slug`` from an archive (refused if the slug is taken)."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise ArchiveError("A slug is letters, digits, - and _ only.") from None
    if District.objects.filter(slug=slug).exists():
        raise ArchiveError(f"A district with the slug {slug!r} exists already; choose another.")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise ArchiveError("This file is not a zip archive.") from None
    with archive:
        manifest = _read(archive)
        by_label = {m._meta.label_lower: m for m in district_models()}
        unknown = [
            t["model"] for t in manifest["tables"] if t["model"] not in by_label | {"users": None}
        ]
        if unknown:
            raise ArchiveError(f"The archive has tables this version does not know: {unknown}.")
        with transaction.atomic():
            values = manifest["district"]
            district = District.objects.create(
                slug=slug,
                name=name or values["name"],
                time_zone=values["time_zone"],
                pl_target_hours=Decimal(str(values["pl_target_hours"])),
                summer_pl_counts_next_year=values["summer_pl_counts_next_year"],
            )
            result = ImportResult(district=district)
            user_columns, user_rows = _table(archive, "users")
            users = _match_users(user_columns, user_rows, result)
            tables = {
                t["model"]: _table(archive, t["model"])
                for t in manifest["tables"]
                if t["model"] in by_label and t["model"] not in NOT_IMPORTED
            }
            # Every object's id, live or only in history, gets one new id everywhere.
            ids: dict[str, uuid.UUID] = {}
            for label, (columns, rows) in tables.items():
                if "id" in columns and _is_uuid_field(by_label[label]._meta.get_field("id")):
                    at = columns.index("id")
                    for row in rows:
                        ids.setdefault(row[at], uuid.uuid4())
            for label, (columns, rows) in tables.items():
                model = by_label[label]
                result.rows[label] = _insert(model, columns, rows, district, users, ids)
        rollups_recompute(district=district)
    return result


def _insert(
    model: type[models.Model],
    columns: list[str],
    rows: list[list],
    district: District,
    users: dict[int, int],
    ids: dict[str, uuid.UUID],
) -> int:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    missing = [c for c in columns if c not in fields]
    if missing:
        raise ArchiveError(f"{model._meta.label} has no column {missing[0]} in this version.")

    def convert(f: models.Field, value: Any) -> Any:
        if value is None:
            return None
        if f.attname == "district_id":
            return district.pk
        if f.is_relation and f.related_model is User:
            return users.get(value)
        if _is_uuid_field(f):
            return ids.get(value, value)
        if f.attname == "object_id":  # an audit event's reference to a record, as text
            return str(ids.get(value, value))
        return f.to_python(value)

    def objects() -> Iterator[models.Model]:
        for row in rows:
            values = {}
            for name, value in zip(columns, row, strict=True):
                f = fields[name]
                if f.primary_key and isinstance(f, models.AutoField | models.BigAutoField):
                    continue  # a serial id: the database gives a new one
                values[name] = convert(f, value)
            yield model(**values)

    with _stamps_kept(model):
        made = model._default_manager.bulk_create(objects(), batch_size=BATCH)
    return len(made)
