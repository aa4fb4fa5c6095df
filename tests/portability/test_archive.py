"""The whole district in one archive, and back as a new district with the same figures."""

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.urls import reverse
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent, AuditKind
from dashboard import selectors as dashboard
from districts.models import District, Educator, Membership, School, User
from pl_hours import selectors as hours
from pl_hours.models import LedgerEntry, WeeklyRollup
from portability.archive import (
    NOT_IMPORTED,
    ArchiveError,
    archive_export,
    archive_import,
    district_models,
)
from subsystems.models import Walkthrough

SEED_DAY = date(2026, 11, 16)


def export_bytes(district) -> bytes:
    out = io.BytesIO()
    archive_export(district=district, out=out)
    return out.getvalue()


def figures(district: District) -> dict:
    """The headline, every school's hours and teachers' rows, and every indicator's value."""
    schools = list(School.objects.for_district(district).order_by("code"))
    board = dashboard.build_for(district, schools, dashboard.Filters(window="ytd"), scoped=False)
    year = hours.year_in_view(district)
    summary, lines = hours.district_hours(year)
    by_code = {}
    for school in schools:
        school_summary, rows = hours.school_hours(year, school)
        emails = dict(Educator.objects.for_district(district).values_list("pk", "email"))
        by_code[school.code] = (
            school_summary.meaningful_hours,
            sorted((emails[r.educator_id], r.hours.meaningful_hours, r.hours.status) for r in rows),
        )
    indicators = {
        (school.code if school else None, result.indicator.key): (result.value, result.status)
        for key, cells in board.evaluated.items()
        for school in [next((s for s in schools if s.pk == key), None)]
        for cell in cells
        for result in cell.results
    }
    return {
        "headline": (
            board.headline.educators,
            board.headline.meaningful_hours,
            board.headline.total_hours,
            board.headline.prorated_target,
            board.headline.projection,
        ),
        "district": (
            summary.meaningful_hours,
            sorted(
                (line.school.code, line.hours.meaningful_hours, line.statuses) for line in lines
            ),
        ),
        "schools": by_code,
        "indicators": indicators,
        "ledger": LedgerEntry.objects.for_district(district).aggregate(m=Sum("minutes"))["m"],
        "rollups": WeeklyRollup.objects.for_district(district).aggregate(
            m=Sum("meaningful_minutes")
        )["m"],
    }


def counts(district: District) -> dict:
    return {
        m._meta.label_lower: m._default_manager.filter(district=district).count()
        for m in district_models()
    }


@pytest.fixture
def riverside(db):
    call_command("seed_demo", size="small", today=SEED_DAY, stdout=io.StringIO())
    district = District.objects.get(slug="riverside")
    coordinator = Membership.objects.for_district(district).get(user__username="coordinator")
    Token.objects.create(user=coordinator.user)
    return district


@pytest.mark.django_db
def test_a_seeded_district_comes_back_as_a_new_one_with_the_same_figures(riverside):
    before = figures(riverside)
    assert before["ledger"] and before["headline"][0] > 0
    data = export_bytes(riverside)
    users_before = User.objects.count()

    result = archive_import(source=io.BytesIO(data), slug="riverside-copy")
    copy = result.district
    assert copy.name == riverside.name and copy.pk != riverside.pk
    assert result.users_created == 0 and result.users_matched > 0  # same people, same logins
    assert User.objects.count() == users_before
    assert len(before["indicators"]) > 20 and len(before["schools"]) > 2
    assert any(rows for _mean, rows in before["schools"].values())
    assert figures(copy) == before
    copied, original = counts(copy), counts(riverside)
    for label in ("pl_hours.weeklyrollup", "pl_hours.schoolweekrollup"):
        assert copied[label] == original[label]  # rebuilt from the ledger, not copied
    assert copied["districts.dirtyweek"] == 0
    for label in set(original) - NOT_IMPORTED:
        assert copied[label] == original[label], label
    for label in NOT_IMPORTED - {"pl_hours.weeklyrollup", "pl_hours.schoolweekrollup"}:
        assert copied[label] == 0, label
    # New ids everywhere, the same records: nothing of the original moved.
    old_ids = set(Walkthrough.objects.for_district(riverside).values_list("pk", flat=True))
    new_ids = set(Walkthrough.objects.for_district(copy).values_list("pk", flat=True))
    assert old_ids and not old_ids & new_ids
    assert figures(riverside) == before

    # The people keep their roles, in the new district too.
    def roles(district):
        return sorted(
            Membership.objects.for_district(district).values_list("user__username", "role")
        )

    assert roles(copy) == roles(riverside)


@pytest.mark.django_db
def test_the_archive_holds_every_table_with_counts_and_checksums_and_no_secret(riverside):
    data = export_bytes(riverside)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "coherence-district-archive"
    assert manifest["schema"]["audit"] and manifest["schema"]["districts"]
    tables = {t["model"]: t for t in manifest["tables"]}
    for model in district_models():
        assert model._meta.label_lower in tables
    assert "districts.historicaleducator" in tables and "audit.auditevent" in tables
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    educators = tables["districts.educator"]
    assert educators["rows"] == Educator.objects.for_district(riverside).count()
    csv_lines = archive.read(educators["csv"]).decode().splitlines()
    assert len(csv_lines) == educators["rows"] + 1

    everything = data + b"".join(archive.read(name) for name in archive.namelist())
    secrets = [u.password for u in User.objects.all() if u.password]  # across districts: test
    secrets += [t.key for t in Token.objects.all()]
    assert secrets
    for secret in secrets:
        assert secret.encode() not in everything
    header = archive.read("csv/users.csv").decode().splitlines()[0]
    assert header == "id,username,first_name,last_name,email,is_active,date_joined"


@pytest.mark.django_db
def test_imported_people_without_a_login_here_get_one_without_a_password(cast):
    data = export_bytes(cast.a.district)
    teacher = cast.a.teacher.user
    teacher.email = "moved-on@elsewhere.example.org"  # no longer matches the archive's
    teacher.save()
    result = archive_import(source=io.BytesIO(data), slug="district-a-again")
    assert result.users_created == 1
    made = Membership.objects.for_district(result.district).get(
        role="teacher", educator__email="teacher@a.example.org"
    )
    assert made.user != teacher and made.user.username.startswith(teacher.username)
    assert not made.user.has_usable_password()


@pytest.mark.django_db
def test_an_import_refuses_a_taken_slug_a_damaged_file_and_a_newer_schema(cast):
    data = export_bytes(cast.a.district)
    with pytest.raises(ArchiveError, match="exists already"):
        archive_import(source=io.BytesIO(data), slug=cast.b.district.slug)
    with pytest.raises(ArchiveError, match="not a zip"):
        archive_import(source=io.BytesIO(b"nope"), slug="fresh")

    def rewritten(change):
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                target.writestr(name, change(name, source.read(name)))
        return io.BytesIO(out.getvalue())

    tampered = rewritten(
        lambda n, b: b.replace(b"a-1", b"z-9") if n == "csv/districts.school.csv" else b
    )
    with pytest.raises(ArchiveError, match="checksum"):
        archive_import(source=tampered, slug="fresh")

    def newer(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["schema"]["districts"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(ArchiveError, match="newer version"):
        archive_import(source=rewritten(newer), slug="fresh")
    assert not District.objects.filter(slug="fresh").exists()


@pytest.mark.django_db
def test_the_commands_export_and_import(cast, tmp_path):
    out = tmp_path / "a.zip"
    printed = io.StringIO()
    call_command("district_export", district=cast.a.district.slug, out=str(out), stdout=printed)
    assert "Wrote" in printed.getvalue() and zipfile.is_zipfile(out)
    call_command("district_import", str(out), slug="a-copy", stdout=printed)
    assert "Imported" in printed.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("district_import", str(out), slug="a-copy", stdout=printed)
    with pytest.raises(CommandError, match="No district"):
        call_command("district_export", district="nowhere", out=str(out), stdout=printed)


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_an_admin_makes_an_archive_on_the_page_and_by_the_api(
    cast, client_for, api_for, _media, django_capture_on_commit_callbacks
):
    a = cast.a
    client = client_for(a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("district_export", args=[a.district.slug]))
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Ready:" in detail
    export = (
        a.district
        and __import__("portability.models")
        .models.DistrictExport.objects.for_district(a.district)
        .get()
    )
    download = client.get(reverse("district_export_download", args=[a.district.slug, export.pk]))
    assert download["Content-Type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "manifest.json" in zipped.namelist()

    api = api_for(a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(reverse("api-district-export-list", args=[a.district.slug]))
    assert started.status_code == 202
    status = api.get(
        reverse("api-district-export-detail", args=[a.district.slug, started.json()["id"]])
    ).json()
    assert status["status"] == "done" and status["download"].endswith("/download/")
    assert api.get(status["download"]).status_code == 200
    trail = AuditEvent.objects.for_district(a.district).filter(kind=AuditKind.DISTRICT_EXPORT)
    assert {e.actor for e in trail} == {a.admin.user} and trail.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["principal", "coach", "teacher", "viewer"])
def test_only_admins_export_the_district(cast, client_for, api_for, role):
    member = cast.a.member(role)
    assert (
        client_for(member).get(reverse("district_export", args=["district-a"])).status_code == 403
    )
    assert (
        client_for(member).post(reverse("district_export", args=["district-a"])).status_code == 403
    )
    assert (
        api_for(member).post(reverse("api-district-export-list", args=["district-a"])).status_code
        == 403
    )
