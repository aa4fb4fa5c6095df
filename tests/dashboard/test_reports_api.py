"""Board reports through the API: the page's rules, the same file."""

import pytest
from django.urls import reverse

from dashboard.models import BoardReport, ReportStatus


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name, tenant, *args):
    return reverse(name, args=[tenant.district.slug, *args])


@pytest.mark.django_db
def test_an_admin_asks_for_the_district_report_follows_it_and_downloads_the_pdf(
    world, api_for, django_capture_on_commit_callbacks
):
    api = api_for(world.a.admin)
    with django_capture_on_commit_callbacks(execute=True):  # made after the commit
        asked = api.post(
            url("api-board-report-list", world.a),
            {"period": "90", "paper": "a4", "school_pages": "table"},
            format="json",
        )
    assert asked.status_code == 202, asked.json()
    assert asked.json()["status"] == ReportStatus.QUEUED  # as it was when it answered
    report_id = asked.json()["id"]
    shown = api.get(url("api-board-report-detail", world.a, report_id)).json()
    assert (shown["status"], shown["progress"], shown["period"], shown["paper"]) == (
        "done",
        100,
        "90",
        "a4",
    )
    assert shown["school_pages"] == "table" and shown["pages"] > 0
    download = api.get(shown["download"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    listed = api.get(url("api-board-report-list", world.a)).json()
    assert report_id in [r["id"] for r in listed["results"]]

    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(url("api-board-report-again", world.a, report_id))
    assert again.status_code == 202 and again.json()["id"] != report_id
    assert BoardReport.objects.get(pk=again.json()["id"]).status == ReportStatus.DONE


@pytest.mark.django_db
def test_school_leaders_make_their_schools_reports_only(cast, api_for):
    api = api_for(cast.a.principal)
    listing = url("api-board-report-list", cast.a)
    own = api.post(listing, {"school": str(cast.a.school.pk)}, format="json")
    assert own.status_code == 202
    other = api.post(listing, {"school": str(cast.a.other_school.pk)}, format="json")
    assert other.status_code == 400
    assert other.json() == {"school": ["Choose one of your schools."]}
    district = api.post(listing, {}, format="json")  # the district report is an admin's
    assert district.status_code == 400 and "choose a school" in district.json()["school"][0]
    assert api.post(listing, {"kind": "packet"}, format="json").status_code == 403
    foreign = api.post(listing, {"school": str(cast.b.school.pk)}, format="json")
    assert foreign.status_code == 400 and "school" in foreign.json()
    assert BoardReport.objects.for_district(cast.a.district).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"period": "365"}, "period"),
        ({"paper": "legal"}, "paper"),
        ({"school_pages": "some"}, "school_pages"),
        ({"kind": "book"}, "kind"),
    ],
)
def test_a_report_asked_for_wrongly_is_refused_with_what_is_allowed(cast, api_for, body, field):
    answer = api_for(cast.a.admin).post(url("api-board-report-list", cast.a), body, format="json")
    assert answer.status_code == 400 and "is not a valid choice" in answer.json()[field][0]
    assert not BoardReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher", "coach", "viewer"])
def test_who_may_read_and_who_may_ask(cast, api_for, role):
    api = api_for(cast.a.member(role))
    listing = url("api-board-report-list", cast.a)
    assert api.get(listing).status_code == (403 if role == "teacher" else 200)
    asked = api.post(listing, {"school": str(cast.a.school.pk)}, format="json")
    assert asked.status_code == 403
