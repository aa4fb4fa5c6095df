"""The dashboard in a real browser: filters update it in place, keyboard drill-down, roles."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
DISTRICT = "District (all schools)"


def heatmap_schools(page) -> list[str]:
    return page.locator("#heatmap table.heatmap tbody th").all_inner_texts()


def test_coordinator_filters_and_drills_down(world, page, login, live_server):
    login(page, world.a.admin.user.username)
    assert page.url.endswith(f"/d/{world.a.district.slug}/dashboard/")
    assert heatmap_schools(page) == [world.a.school.name, world.a.other_school.name, DISTRICT]
    assert serious_violations(page) == []
    screenshot(page, "dashboard")

    page.evaluate("window.__sameDocument = true")
    page.get_by_label("School", exact=True).select_option(label=world.a.school.name)
    expect(page.locator("#heatmap table.heatmap tbody th")).to_have_count(2)
    assert heatmap_schools(page) == [world.a.school.name, DISTRICT]
    assert page.evaluate("window.__sameDocument") is True  # updated in place, no page load
    assert f"school={world.a.school.pk}" in page.url  # the view can be bookmarked

    # Keyboard: tab to the school's first heatmap cell and open it.
    cell = page.locator("#heatmap table.heatmap td.cell a").first
    cell.focus()
    assert cell.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == world.a.school.name
    assert page.get_by_role("heading", name="How PLC time is used").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "school-dashboard")


def test_principal_sees_only_their_schools(world, page, login):
    login(page, world.a.principal.user.username)
    assert heatmap_schools(page) == [world.a.school.name, DISTRICT]
    options = page.get_by_label("School", exact=True).locator("option").all_inner_texts()
    assert world.a.other_school.name not in options
    assert serious_violations(page) == []
