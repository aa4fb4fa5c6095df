"""The audit trail, sign-in settings, the district archive and erasure, in a real browser,
scanned by axe-core."""

import pytest

from districts.services import educator_save
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trust_world(cast, settings, tmp_path):
    from pl_hours.rollups import rollups_recompute
    from tests.builders import populate_activities

    settings.MEDIA_ROOT = tmp_path
    populate_activities(cast.a)
    rollups_recompute(district=cast.a.district)
    return cast


def test_an_admin_reads_the_trail_and_a_teacher_sees_who_opened_their_records(
    trust_world, page, login, live_server
):
    a = trust_world.a
    login(page, a.principal.user.username)
    page.goto(f"{live_server.url}/d/{a.district.slug}/walkthroughs/{a.walkthrough.pk}/")
    page.get_by_role("button", name="Log out").click()

    login(page, a.admin.user.username)
    page.goto(f"{live_server.url}/d/{a.district.slug}/settings/people/")
    page.get_by_role("link", name="Audit trail").click()
    assert page.get_by_role("heading", name="Audit trail").is_visible()
    assert page.get_by_role("rowheader", name="Viewed a walkthrough").first.is_visible()
    page.get_by_label("What").select_option("view_walkthrough")
    page.get_by_role("button", name="Filter").click()
    assert "kind=view_walkthrough" in page.url
    assert serious_violations(page) == []
    screenshot(page, "audit-trail")
    page.get_by_role("button", name="Log out").click()

    login(page, a.teacher.user.username)
    page.goto(f"{live_server.url}/d/{a.district.slug}/hours/me/")
    page.get_by_role("link", name="Who saw my records").first.click()
    assert page.get_by_role("heading", name="Who saw my records").is_visible()
    assert page.get_by_role("rowheader", name=a.principal.user.first_name).is_visible()
    assert serious_violations(page) == []
    screenshot(page, "who-saw-my-records")


def test_an_admin_sets_up_single_sign_on(trust_world, page, login, live_server):
    a = trust_world.a
    login(page, a.admin.user.username)
    page.goto(f"{live_server.url}/d/{a.district.slug}/settings/sign-in/")
    assert page.get_by_text("No identity provider yet").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Add an identity provider").click()
    page.get_by_label("Kind").select_option("microsoft")
    page.get_by_label("Button label").fill("Riverside Microsoft")
    page.get_by_label("Client ID").fill("11111111-2222-3333-4444-555555555555")
    page.get_by_label("Client secret variable").fill("SSO_SECRET_RIVERSIDE_MS")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").is_visible()  # no tenant: refused, everything kept
    assert page.get_by_label("Button label").input_value() == "Riverside Microsoft"
    assert serious_violations(page) == []
    screenshot(page, "identity-provider-refused")
    page.get_by_label("Entra tenant ID").fill("0b5f3c3e-1111-4222-8333-944455556666")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("waiting for its secret").is_visible()
    assert "/login/callback/" in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "sign-in-settings")


def test_an_admin_exports_the_district_and_erases_a_former_educator(
    trust_world, page, login, live_server
):
    a = trust_world.a
    educator_save(district=a.district, educator=a.teacher2.educator, active=False)
    login(page, a.admin.user.username)
    page.goto(f"{live_server.url}/d/{a.district.slug}/settings/export/")
    assert page.get_by_text("No archive yet").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Make an archive now").click()
    page.get_by_role("link", name="Download the archive").wait_for()
    assert serious_violations(page) == []
    screenshot(page, "district-archive-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the archive").click()
    assert download.value.suggested_filename.endswith(".zip")

    page.goto(f"{live_server.url}/d/{a.district.slug}/settings/roster/?active=false")
    page.get_by_role(
        "link", name=f"Erase personal data of {a.teacher2.educator.first_name}"
    ).click()
    assert page.get_by_role("heading", name="What stays").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "erase-former-educator")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase their personal data").click()
    assert page.get_by_text("Personal data erased").is_visible()
