"""A coordinator and a teacher use the foundation pages in a real browser."""

import pytest

from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_logs_in_and_manages_the_district(cast, page, login, live_server):
    login(page, cast.a.admin.user.username)
    assert page.get_by_role("heading", level=1).inner_text().startswith(cast.a.district.name)
    heatmap = page.locator("#heatmap")
    assert heatmap.get_by_role("link", name=cast.a.school.name, exact=True).first.is_visible()
    assert serious_violations(page) == []
    screenshot(page, "district-home-admin")

    page.get_by_role("link", name="Settings").click()
    assert page.get_by_role("heading", name="District settings").is_visible()
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="People").click()
    assert page.get_by_role("heading", name="People with access").is_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Import roster").click()
    assert page.get_by_role("heading", name="Import the roster").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "roster-import")

    page.get_by_role("link", name="Roster", exact=True).click()
    page.get_by_role("link", name="Add an educator").click()
    page.get_by_role("button", name="Save").click()  # everything empty
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "educator-form-errors")


def test_keyboard_users_can_skip_to_content_and_see_focus(cast, page, login):
    login(page, cast.a.teacher.user.username)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_teacher_sees_no_settings(cast, page, login):
    login(page, cast.a.teacher.user.username)
    assert page.get_by_role("link", name="Dashboard").is_visible()
    assert page.get_by_role("link", name="Settings").count() == 0
    assert serious_violations(page) == []
