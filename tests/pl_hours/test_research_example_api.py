"""The research's worked example entered through the API alone, end to end.

A new district with one math teacher records the year of the research (a full PD day,
a half day, PLC, staff and curriculum time, every activity split in the research's
proportions) through the REST API only. The ledger, the weekly rollups, the API's hours
summaries, the hours pages, the dashboard and the board report's PDF then all say the
same: 294 meaningful minutes (4.90 hours) of 1,216 (20.27 hours), of which 294 are
planning out of 1,216 math-specific minutes — the research's 24 %. The arithmetic by
hand is in ``test_research_example.py``.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from dashboard.models import BoardReport
from districts.models import Role
from pl_hours.models import LedgerEntry, WeeklyRollup
from pl_hours.rules import RESEARCH_SPLIT, apportion
from tests.dashboard.test_reports import pdf_text
from tests.factories import DistrictFactory, MembershipFactory, SchoolYearFactory

MEANINGFUL, TOTAL = 294, 1216


def url(name, district, **kwargs):
    return reverse(name, kwargs={"district_slug": district.slug, **kwargs})


def research(minutes):
    return apportion(RESEARCH_SPLIT, minutes)


@pytest.mark.django_db
def test_the_worked_example_through_the_api_agrees_everywhere(
    api_for, client, travel, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    district = DistrictFactory(slug="research", name="Research District")
    SchoolYearFactory(district=district)
    admin = MembershipFactory(district=district, role=Role.DISTRICT_ADMIN)
    api = api_for(admin)
    travel(date(2027, 6, 30))  # the year is over: every activity has happened

    def post(name, body):
        with django_capture_on_commit_callbacks(execute=True):  # the rollup task runs
            response = api.post(url(name, district), body, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    school = post("api-school-list", {"code": "R1", "name": "Research Elementary"})
    teacher = post(
        "api-educator-list",
        {
            "first_name": "Rae",
            "last_name": "Search",
            "email": "rae@research.example.org",
            "school": school["id"],
            "position": "teacher",
            "teaches_math": True,
            "active": True,
            "start_date": "2026-08-17",  # the year's first day, as a roster would say
        },
    )
    for title, fmt, minutes, day in [
        ("Opening PD day", "full_day", 300, "2026-08-24"),
        ("Mid-year half day", "half_day", 150, "2027-01-18"),
    ]:
        post(
            "api-pd-session-list",
            {
                "title": title,
                "date": day,
                "format": fmt,
                "minutes": minutes,
                "math_specific": True,
                "time_use": research(minutes),
                "attendance": [{"educator": teacher["id"]}],
            },
        )
    team = post(
        "api-plc-team-list",
        {"school": school["id"], "name": "Grade 4", "members": [teacher["id"]]},
    )
    post(
        "api-plc-meeting-list",
        {
            "team": team["id"],
            "date": "2026-10-05",
            "minutes": 480,
            "math_specific": True,
            "time_use": research(480),
        },
    )
    for kind, minutes, day in [
        ("staff_meeting", 120, "2026-11-02"),
        ("curriculum_session", 166, "2026-12-07"),
    ]:
        post(
            "api-other-activity-list",
            {
                "kind": kind,
                "title": kind.replace("_", " "),
                "school": school["id"],
                "date": day,
                "minutes": minutes,
                "math_specific": True,
                "time_use": research(minutes),
                "attendance": [{"educator": teacher["id"]}],
            },
        )

    # The ledger and the rollups the task wrote.
    ledger = LedgerEntry.objects.filter(district=district)
    assert ledger.aggregate(m=Sum("minutes"))["m"] == TOTAL
    assert ledger.filter(category="instructional_planning").aggregate(m=Sum("minutes"))["m"] == (
        MEANINGFUL
    )
    rollups = WeeklyRollup.objects.filter(district=district)
    assert rollups.aggregate(m=Sum("meaningful_minutes"))["m"] == MEANINGFUL
    assert rollups.aggregate(m=Sum("total_minutes"))["m"] == TOTAL

    # The API's hours summaries: the teacher's, the school's and the district's.
    for name, kwargs in [
        ("api-hours-educator", {"educator_id": teacher["id"]}),
        ("api-hours-school", {"school_id": school["id"]}),
        ("api-hours", {}),
    ]:
        summary = api.get(url(name, district, **kwargs)).json()["hours"]
        assert summary["minutes"]["meaningful"] == MEANINGFUL, name
        assert summary["minutes"]["total"] == summary["minutes"]["math"] == TOTAL, name
        assert Decimal(summary["meaningful_hours"]) == Decimal("4.90"), name
        assert Decimal(summary["total_hours"]) == Decimal("20.27"), name
        assert Decimal(summary["meaningful_share"]) == Decimal("0.242"), name
        assert summary["this_week_hours"] == "0.00" and summary["status"] == "off_track", name

    # The pages.
    client.force_login(admin.user)
    for name, kwargs in [
        ("educator_hours", {"educator_id": teacher["id"]}),
        ("school_hours", {"school_id": school["id"]}),
        ("district_hours", {}),
        ("dashboard", {}),
    ]:
        body = client.get(url(name, district, **kwargs)).content.decode()
        assert "4.9 h" in body, name
        assert '<span class="figure">24 %</span> of math-specific PL time' in body, name
        if name != "dashboard":
            assert "20.3 h of PL in all" in body, name

    # The board report.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("reports", district), {"period": "ytd", "paper": "letter"})
    report = BoardReport.objects.get(district=district)
    assert report.status == "done"
    text = pdf_text(report.file.read())
    assert "teacher in the completed weeks: 4.9 h" in " ".join(text.split())
    assert "share of math-specific PL time: 24 %" in " ".join(text.split())
