"""A coordinator makes a board report in the browser and downloads it."""

import pytest

from pl_hours.rollups import rollups_recompute
from tests.browser.conftest import screenshot, serious_violations
from tests.builders import populate_activities

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_makes_and_downloads_a_report(
    cast, page, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    populate_activities(cast.a)
    rollups_recompute(district=cast.a.district)
    login(page, cast.a.admin.user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    assert serious_violations(page) == []
    page.get_by_label("Paper").select_option("a4")
    page.get_by_role("radio", name="One table of all schools", exact=True).check()
    screenshot(page, "reports-form")
    page.get_by_role("button", name="Make the report").click()
    page.wait_for_load_state("networkidle")
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for()
    assert serious_violations(page) == []
    screenshot(page, "report-ready")
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    assert path.read_bytes()[:4] == b"%PDF"
    from dashboard.models import BoardReport

    assert BoardReport.objects.get(district=cast.a.district).school_pages == "table"
