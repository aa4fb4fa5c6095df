import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from districts.models import Educator, School
from districts.roster_import import RosterImportError, roster_import

SCHOOLS = b"code,name,grade_band\nELM,Elm Elementary,elementary\nOAK,Oak Middle,middle\n"
EDUCATORS = (
    b"email,first_name,last_name,school_code,position,teaches_math\n"
    b"ana@example.org,Ana,Ruiz,ELM,teacher,yes\n"
    b"ben@example.org,Ben,Osei,OAK,principal,no\n"
    b"cy@example.org,Cy,Lund,,coach,yes\n"
)


def _upload(client, tenant, content: bytes, name="roster.csv"):
    url = reverse("roster_import", args=[tenant.district.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.django_db
def test_good_files_import_and_reupload_creates_no_duplicates(cast, client_for):
    client = client_for(cast.a.admin)
    district = cast.a.district
    schools_before = School.objects.for_district(district).count()
    educators_before = Educator.objects.for_district(district).count()

    assert _upload(client, cast.a, SCHOOLS).status_code == 302
    assert _upload(client, cast.a, EDUCATORS).status_code == 302
    assert School.objects.for_district(district).count() == schools_before + 2
    assert Educator.objects.for_district(district).count() == educators_before + 3
    ben = Educator.objects.for_district(district).get(email="ben@example.org")
    assert (ben.school.code, ben.position, ben.teaches_math) == ("OAK", "principal", False)
    assert Educator.objects.for_district(district).get(email="cy@example.org").school is None

    # The same files again: nothing new, nothing duplicated.
    assert _upload(client, cast.a, SCHOOLS).status_code == 302
    assert _upload(client, cast.a, EDUCATORS).status_code == 302
    assert School.objects.for_district(district).count() == schools_before + 2
    assert Educator.objects.for_district(district).count() == educators_before + 3
    # District B is untouched.
    assert not Educator.objects.for_district(cast.b.district).filter(email="ana@example.org")


@pytest.mark.django_db
def test_reupload_updates_changed_rows(cast):
    district = cast.a.district
    roster_import(district=district, raw=SCHOOLS)
    result = roster_import(
        district=district, raw=b"code,name,grade_band\nELM,Elm Street Elementary,k8\n"
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    elm = School.objects.for_district(district).get(code="ELM")
    assert (elm.name, elm.grade_band) == ("Elm Street Elementary", "k8")


@pytest.mark.django_db
def test_a_file_with_bad_rows_lists_every_error_and_writes_nothing(cast, client_for):
    client = client_for(cast.a.admin)
    roster_import(district=cast.a.district, raw=SCHOOLS)
    before = Educator.objects.count()
    bad = (
        b"email,first_name,last_name,school_code,position\n"
        b"good@example.org,Good,Row,ELM,teacher\n"
        b"not-an-email,Bad,Email,ELM,teacher\n"
        b"x@example.org,,NoFirst,ELM,teacher\n"
        b"y@example.org,Y,Unknown,NOPE,teacher\n"
        b"z@example.org,Z,Role,ELM,janitor\n"
        b"good@example.org,Dup,Row,ELM,teacher\n"
    )
    response = _upload(client, cast.a, bad)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.startswith("Row 3:") and "not-an-email" in e for e in errors)
    assert any(e.startswith("Row 4:") and "first_name is missing" in e for e in errors)
    assert any(e.startswith("Row 5:") and "NOPE" in e for e in errors)
    assert any(e.startswith("Row 6:") and "janitor" in e for e in errors)
    assert any(e.startswith("Row 7:") and "row 2" in e for e in errors)
    assert Educator.objects.count() == before  # not even the good row


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name\nÉCOLE,Été\n".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00binary spreadsheet", "not a CSV file"),
        (b"", "empty"),
        (b"code,name\n", "no data rows"),
        (b"colour,shape\nred,round\n", "matches neither"),
    ],
    ids=["latin-1", "xlsx", "empty", "header-only", "unknown-columns"],
)
def test_unreadable_files_get_a_clear_error(cast, content, message):
    before = School.objects.count()
    with pytest.raises(RosterImportError) as caught:
        roster_import(district=cast.a.district, raw=content)
    assert message in " ".join(caught.value.errors)
    assert School.objects.count() == before


@pytest.mark.django_db
def test_oneroster_files_are_accepted_and_students_never_stored(cast):
    district = cast.a.district
    orgs = (
        b"sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        b"dist-1,active,,Sample District,district,,\n"
        b"org-9,active,,Birch Elementary,school,BE,dist-1\n"
    )
    users = (
        b"sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
        b"givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
        b'u1,active,,true,"dist-1,org-9",teacher,dee,,Dee,Park,,,dee@example.org,,,,3,\n'
        b"u2,active,,true,org-9,student,kid,,Kid,Student,,,kid@example.org,,,,3,\n"
        b"u3,active,,false,org-9,administrator,pam,,Pam,Lee,,,pam@example.org,,,,,\n"
    )
    assert roster_import(district=district, raw=orgs).created == 1
    result = roster_import(district=district, raw=users)
    assert (result.created, result.skipped) == (2, 1)
    dee = Educator.objects.for_district(district).get(email="dee@example.org")
    assert dee.school.code == "org-9"
    pam = Educator.objects.for_district(district).get(email="pam@example.org")
    assert (pam.position, pam.active) == ("principal", False)
    assert not Educator.objects.filter(email="kid@example.org").exists()


@pytest.mark.django_db
def test_upload_page_documents_the_columns(cast, client_for):
    response = client_for(cast.a.admin).get(reverse("roster_import", args=[cast.a.district.slug]))
    body = response.content.decode()
    for column in ("school_code", "grade_band", "teaches_math", "orgs.csv", "users.csv"):
        assert column in body


@pytest.mark.django_db
def test_new_educators_start_on_their_start_date_or_today(cast):
    from datetime import date

    from districts.roster_import import roster_import

    header = "email,first_name,last_name,school_code,position,teaches_math,active,start_date"
    rows = (
        "new1@a.org,Ann,One,a-1,teacher,yes,yes,2026-09-08\n"
        "new2@a.org,Bo,Two,a-1,teacher,yes,yes,\n"
    )
    roster_import(district=cast.a.district, raw=f"{header}\n{rows}".encode())
    starts = dict(
        Educator.objects.for_district(cast.a.district)
        .filter(email__in=["new1@a.org", "new2@a.org"])
        .values_list("email", "start_date")
    )
    assert starts == {"new1@a.org": date(2026, 9, 8), "new2@a.org": date(2026, 12, 2)}


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_the_same_new_file_at_once_both_succeed_and_duplicate_nothing(cast):
    """Two admins (two requests, two database connections) upload the same new file at the
    same moment: both answer with the import's outcome, none with a 500."""
    import threading

    from django.db import connection, connections
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite runs one writer at a time)")
    district = cast.a.district
    rows = "".join(f"new{n}@example.org,New,Person{n},a-1,teacher,yes\n" for n in range(400))
    content = ("email,first_name,last_name,school_code,position,teaches_math\n" + rows).encode()
    start = threading.Barrier(2)
    statuses: list[int] = []

    def upload():
        client = Client(raise_request_exception=False)
        client.force_login(cast.a.admin.user)
        try:
            start.wait(timeout=10)
            statuses.append(_upload(client, cast.a, content).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    new = Educator.objects.for_district(district).filter(email__startswith="new")
    assert new.count() == 400


@pytest.mark.django_db
def test_changed_educators_are_written_in_one_set_based_statement(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    district = cast.a.district
    header = "email,first_name,last_name,school_code,position,teaches_math,start_date\n"

    def roster(surname, school, start):
        rows = (
            f"p{n}@example.org,P,{surname}{n},{school},teacher,yes,{start}\n" for n in range(300)
        )
        return (header + "".join(rows)).encode()

    roster_import(district=district, raw=roster("Old", "a-1", "2026-08-20"))
    with CaptureQueriesContext(connection) as queries:
        result = roster_import(district=district, raw=roster("New", "a-2", "2026-09-01"))
    assert result.updated == 300
    updates = [q["sql"] for q in queries if 'UPDATE "districts_educator"' in q["sql"]]
    assert len(updates) == 1, f"{len(updates)} UPDATE statements for 300 changed educators"
    moved = Educator.objects.for_district(district).get(email="p7@example.org")
    assert (moved.last_name, moved.school.code, str(moved.start_date)) == (
        "New7",
        "a-2",
        "2026-09-01",
    )
