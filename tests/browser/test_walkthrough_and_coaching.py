"""A principal rates look-fors from the keyboard on a tablet; a coach logs a session on a phone."""

import pytest

from subsystems.models import Walkthrough
from tests.browser.conftest import screenshot, serious_violations
from tests.builders import populate_activities

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_records_a_walkthrough_with_toggles(cast, page, login, live_server):
    populate_activities(cast.a)
    login(page, cast.a.principal.user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Walkthroughs").click()
    page.get_by_role("link", name="Record a walkthrough").click()
    assert serious_violations(page) == []
    page.get_by_label("Teacher observed").select_option(
        label=f"{cast.a.teacher2.educator.full_name} ({cast.a.school})"
    )
    explain = page.get_by_role("group", name="Students explain")
    explain.get_by_label("Evident").check()
    # Keyboard: focus the first option of a group and move with the arrow keys.
    goals = page.get_by_role("group", name="Goals are posted")
    goals.get_by_label("Not observed").focus()
    page.keyboard.press("ArrowRight")
    assert goals.get_by_label("Emerging").is_checked()
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert outline != "none"  # the focused toggle shows a visible focus ring
    screenshot(page, "walkthrough-form")
    page.get_by_role("button", name="Save walkthrough").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Walkthrough:")
    saved = Walkthrough.objects.exclude(pk__in=[cast.a.walkthrough.pk, cast.a.calibration.pk]).get()
    ratings = {r.look_for.title: r.rating for r in saved.ratings.select_related("look_for")}
    assert ratings["Students explain"] == "evident"
    assert ratings["Goals are posted"] == "emerging"
    assert serious_violations(page) == []


def test_coach_logs_a_session_on_a_phone(cast, browser, login, live_server):
    populate_activities(cast.a)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, cast.a.coach.user.username)
    page.goto(f"{live_server.url}/d/{cast.a.district.slug}/coaching/")
    page.get_by_role("link", name=cast.a.teacher.educator.full_name).click()
    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Date (required)").fill("2026-09-21")
    page.get_by_label("Kind (required)").select_option("debrief")
    page.get_by_label("Minutes (required)").fill("30")
    assert serious_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing forces sideways scrolling on a phone
    screenshot(page, "coaching-session-phone")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state("networkidle")
    assert "Session saved" in page.locator(".messages").inner_text()
    context.close()
