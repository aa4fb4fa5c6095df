"""Recording PL in a real browser: the live split readout, and the hours pages."""

import pytest

from pl_hours.rollups import rollups_recompute
from tests.browser.conftest import screenshot, serious_violations
from tests.builders import populate_activities

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_records_a_meeting_with_the_live_readout(cast, page, login, live_server):
    populate_activities(cast.a)
    login(page, cast.a.principal.user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="PLCs").click()
    page.get_by_role("link", name="Grade 3 team").click()
    page.get_by_role("link", name="Record a meeting").click()
    assert serious_violations(page) == []

    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Minutes (required)").fill("60")
    page.get_by_label("Logistics").fill("15")
    page.get_by_label("Instructional planning tied to lessons").fill("30")
    readout = page.locator("#split-readout")
    readout.get_by_text("15 minutes left to assign").wait_for()
    page.get_by_label("Instructional planning tied to lessons").fill("45")
    readout.get_by_text("All 60 minutes assigned").wait_for()
    assert "75 %" in readout.inner_text()
    assert page.evaluate("window.__sameDocument") is True  # no full page load
    page.get_by_label("Rehearsed a lesson").check()
    screenshot(page, "plc-meeting-form")

    page.get_by_role("button", name="Save meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Grade 3 team").is_visible()
    assert "Meeting saved" in page.locator(".messages").inner_text()
    assert page.get_by_text("Rehearsed a lesson").first.is_visible()


def test_a_refused_split_keeps_what_was_typed(cast, page, login, live_server):
    populate_activities(cast.a)
    login(page, cast.a.admin.user.username)
    team = cast.a.plc_team
    page.goto(f"{live_server.url}/d/{cast.a.district.slug}/plcs/teams/{team.pk}/meetings/new/")
    page.get_by_label("Minutes (required)").fill("50")
    page.get_by_label("Logistics").fill("10")
    page.get_by_label("Instructional planning tied to lessons").fill("30")
    page.get_by_label("Unit it prepares for").fill("Unit 5: Area")
    page.get_by_role("button", name="Save meeting").click()
    alert = page.get_by_role("alert")
    assert "10 fewer than the 50-minute duration" in alert.inner_text()
    assert page.get_by_label("Unit it prepares for").input_value() == "Unit 5: Area"
    assert serious_violations(page) == []


def test_teacher_and_coordinator_hours_pages(cast, page, login, live_server):
    populate_activities(cast.a)
    rollups_recompute(district=cast.a.district)
    login(page, cast.a.teacher.user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hours").click()
    assert page.get_by_role("heading", name="My PL hours").is_visible()
    assert page.locator("svg.chart title").first.text_content().startswith("Meaningful PL hours")
    assert serious_violations(page) == []
    screenshot(page, "my-hours")
