"""A real district set up through the API alone: from the operator's ``district_create``,
the invited admin sets a password, gets a token and configures everything with it — the
settings, a school year with two breaks, the roster, a priority, the NCTM look-fors, a
coach and their school, the indicator goals, a PLC team and one meeting — and the hours
summary shows that meeting."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from setup.services import district_create

SCHOOLS = "code,name,grade_band\nH1,Hillcrest Elementary,elementary\nH2,Hillcrest Middle,middle\n"
EDUCATORS = (
    "email,first_name,last_name,school_code,position,teaches_math,active,start_date\n"
    "ana@hill.example.org,Ana,Ruiz,H1,teacher,yes,yes,2026-08-17\n"
    "ben@hill.example.org,Ben,Okafor,H1,teacher,yes,yes,2026-08-17\n"
    "cora@hill.example.org,Cora,Lind,,coach,yes,yes,2026-08-17\n"
)


def api_url(name, **kwargs):
    return reverse(name, kwargs={"district_slug": "hillcrest", **kwargs})


@pytest.mark.django_db
def test_a_district_is_set_up_through_the_api_alone(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://coherence.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        district_create(slug="hillcrest", name="Hillcrest", admin_email="lead@hill.example.org")

    # The invited admin sets a password from the e-mail's link and gets their token.
    link = re.search(r"https://\S+", mail.outbox[0].body).group(0)
    browser = Client()
    form = browser.get(link.removeprefix(settings.SITE_URL), follow=True)
    browser.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a long and new password 7",
            "new_password2": "a long and new password 7",
        },
    )
    signed_in = browser.post(
        reverse("login"),
        {"username": "lead@hill.example.org", "password": "a long and new password 7"},
    )
    assert signed_in.status_code == 302
    key = browser.post(reverse("api-token")).json()["key"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    def call(method, name, body=None, status=200, fmt="json", **kwargs):
        response = getattr(api, method)(api_url(name, **kwargs), body, format=fmt)
        assert response.status_code == status, (name, response.content)
        return response.json() if response.content else None

    call("patch", "api-settings", {"time_zone": "America/Chicago", "pl_target_hours": "40"})
    call(
        "post",
        "api-school-year-list",
        {
            "name": "2026–27",
            "start_date": "2026-08-17",
            "end_date": "2027-06-11",
            "breaks": [
                {"week_start": "2026-12-21", "label": "Winter break"},
                {"week_start": "2026-12-28", "label": "Winter break"},
            ],
        },
        status=201,
    )
    for kind, text in (("schools", SCHOOLS), ("educators", EDUCATORS)):
        upload = {"kind": kind, "file": _file(f"{kind}.csv", text)}
        result = call("post", "api-roster-import", upload, status=201, fmt="multipart")
        assert result["created"] == text.count("\n") - 1
    priority = call(
        "post", "api-priority-list", {"title": "Students explain their reasoning"}, status=201
    )
    call("post", "api-library-adopt", {"priority": priority["id"]}, status=201, key="nctm-8")
    schools = {s["code"]: s["id"] for s in call("get", "api-school-list")["results"]}
    people = {e["email"]: e["id"] for e in call("get", "api-educator-list")["results"]}
    with django_capture_on_commit_callbacks(execute=True):
        call(
            "post",
            "api-membership-list",
            {
                "email": "cora@hill.example.org",
                "role": "coach",
                "schools": [schools["H1"]],
                "educator": people["cora@hill.example.org"],
            },
            status=201,
        )
    assert mail.outbox[-1].to == ["cora@hill.example.org"]  # the same invitation as the page
    goals = call("patch", "api-indicator-goals", {"goals": {"plc_planning_share": "60"}})
    assert {g["key"]: g["goal"] for g in goals}["plc_planning_share"] == "60.00"
    team = call(
        "post",
        "api-plc-team-list",
        {
            "school": schools["H1"],
            "name": "Grade 3",
            "members": [people["ana@hill.example.org"], people["ben@hill.example.org"]],
        },
        status=201,
    )
    with django_capture_on_commit_callbacks(execute=True):  # the rollup runs after commit
        call(
            "post",
            "api-plc-meeting-list",
            {
                "team": team["id"],
                "date": "2026-11-24",  # the last completed week (today is Dec 2)
                "minutes": 50,
                "priority": priority["id"],
                "time_use": {"logistics": 10, "instructional_planning": 40},
            },
            status=201,
        )

    summary = call("get", "api-hours")
    assert summary["year"]["school_year"] == "2026–27"
    assert summary["hours"]["minutes"]["meaningful"] == 80  # 40 minutes × 2 teachers
    assert summary["hours"]["meaningful_hours"] == "0.67"  # per teacher
    assert summary["hours"]["aligned_hours"] == "0.67"
    assert date.fromisoformat(summary["year"]["as_of"]) == date(2026, 12, 2)
    # Every setup step is done: the home page no longer shows the checklist.
    home = browser.get(reverse("district_home", args=["hillcrest"])).content.decode()
    assert "Set up Hillcrest" not in home


def _file(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")
