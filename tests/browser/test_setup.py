"""A real district set up entirely through its pages, in Chromium: the operator's
``district_create`` invites the first admin, who sets a password from the e-mail's link and
then adds the school year with two break weeks, imports the roster, names a priority,
adopts NCTM's practices, makes a PLC team and records one meeting; the dashboard's headline
then shows that meeting's meaningful minutes. axe scans every page on the way."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SCHOOLS = "code,name,grade_band\nH1,Hillcrest Elementary,elementary\n"
EDUCATORS = (
    "email,first_name,last_name,school_code,position,teaches_math,active,start_date\n"
    "ana@hill.example.org,Ana,Ruiz,H1,teacher,yes,yes,2026-08-17\n"
    "ben@hill.example.org,Ben,Okafor,H1,teacher,yes,yes,2026-08-17\n"
)
PASSWORD = "a long and new password 7"


def scanned(page, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, f"setup-{name}")
    assert serious_violations(page) == [], name


def test_an_invited_admin_sets_a_district_up_through_its_pages(page, live_server, settings):
    settings.SITE_URL = live_server.url
    out = io.StringIO()
    call_command(
        "district_create",
        "--slug=hillcrest",
        "--name=Hillcrest Schools",
        "--admin-email=lead@hill.example.org",
        stdout=out,
    )
    link = re.search(r"http\S+/accounts/reset/\S+", mail.outbox[0].body).group(0)

    # The invitation: choose a password, then log in.
    page.goto(link)
    page.get_by_label("New password (required)", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation (required)").fill(PASSWORD)
    page.get_by_role("button", name="Save password").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("lead@hill.example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/d/hillcrest/")
    assert "Set up Hillcrest Schools: 1 of 7 done" in page.locator("main").inner_text()
    scanned(page, "home")

    # The school year, then two break weeks.
    page.get_by_role("link", name="School years").first.click()
    scanned(page, "years-empty")
    page.get_by_role("link", name="Add a school year").first.click()
    page.get_by_label("Name (required)").fill("2026–27")
    page.get_by_label("Start date (required)").fill("2026-08-17")
    page.get_by_label("End date (required)").fill("2027-06-11")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("checkbox", name="Week of Dec 21").check()
    page.get_by_label("Label for the week of Dec 21").fill("Winter break")
    page.get_by_role("checkbox", name="Week of Dec 28").check()
    scanned(page, "year-breaks")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "School year saved" in page.locator(".messages").inner_text()

    # The roster: schools, then educators.
    page.goto(f"{live_server.url}/d/hillcrest/settings/roster/import/")
    scanned(page, "roster-import")
    for name, text in (("schools.csv", SCHOOLS), ("educators.csv", EDUCATORS)):
        page.get_by_label("CSV file").set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
        )
        page.get_by_role("button", name="Check and import").click()
        page.wait_for_load_state("networkidle")
        assert "added" in page.locator(".messages").inner_text(), name

    # A priority, and NCTM's practices from the starter libraries.
    page.goto(f"{live_server.url}/d/hillcrest/plan/priorities/new/")
    page.get_by_label("Title").fill("Students explain their reasoning")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{live_server.url}/d/hillcrest/settings/libraries/")
    scanned(page, "libraries")
    page.get_by_role("button", name="Adopt “NCTM's eight Mathematics Teaching Practices”").click()
    page.wait_for_load_state("networkidle")
    assert "Adopted" in page.locator(".messages").inner_text()

    # A PLC team and one meeting, in the last completed week (today is Wednesday, Dec 2).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="PLCs").click()
    scanned(page, "plc-teams-empty")
    page.get_by_role("link", name="Add a team").first.click()
    page.get_by_label("School").select_option(label="Hillcrest Elementary")
    page.get_by_label("Name").fill("Grade 3")
    page.get_by_label("Ana Ruiz").check()
    page.get_by_label("Ben Okafor").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "Team saved" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Date").fill("2026-11-24")
    page.get_by_label("Minutes (required)").fill("50")
    page.get_by_label("Logistics").fill("10")
    page.get_by_label("Instructional planning tied to lessons").fill("40")
    scanned(page, "first-meeting")
    page.get_by_role("button", name="Save meeting").click()
    page.wait_for_load_state("networkidle")
    assert "Meeting saved" in page.locator(".messages").inner_text()

    # The dashboard: 40 meaningful minutes for each of the two teachers.
    page.goto(f"{live_server.url}/d/hillcrest/dashboard/")
    headline = " ".join(page.locator("#headline").inner_text().split())
    assert "0.7 h meaningful PL per teacher in the completed weeks" in headline
    assert "2 math teachers and interventionists in view" in headline
    scanned(page, "dashboard")
    page.goto(f"{live_server.url}/d/hillcrest/")
    checklist = page.locator("main").inner_text()
    assert "6 of 7 done" in checklist and "To do Give coaches their schools" in checklist


def test_the_operator_area_the_token_page_and_the_rollover_pass_axe(
    cast, page, login, live_server, settings
):
    from districts.models import User
    from tests.factories import PASSWORD

    User.objects.create_superuser("operator", "ops@example.org", PASSWORD)
    login(page, "operator")
    page.goto(f"{live_server.url}/operator/")
    assert page.get_by_role("heading", name="Districts on this installation").is_visible()
    scanned(page, "operator")
    page.get_by_role("link", name="Create a district").click()
    scanned(page, "operator-create")
    page.get_by_role("link", name="API token").click()
    page.get_by_role("button", name="Create a token").click()
    page.wait_for_load_state("networkidle")
    assert len(page.locator(".token-key").inner_text()) == 40
    scanned(page, "api-token")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")
    login(page, cast.a.admin.user.username)
    page.goto(f"{live_server.url}/d/{cast.a.district.slug}/settings/years/")
    scanned(page, "school-years")
    page.get_by_role("link", name="Start the next school year").click()
    assert page.get_by_role("heading", name="Start the 2027–28 school year").is_visible()
    scanned(page, "rollover")
    page.goto(f"{live_server.url}/d/{cast.a.district.slug}/settings/district/")
    scanned(page, "district-settings")
