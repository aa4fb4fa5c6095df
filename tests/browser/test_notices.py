"""Feedback that arrives, in a real browser: a principal shares it, the teacher sees the
unread count, opens the notice, acknowledges with a reflection and chooses their e-mail; the
notices, preferences and unsubscribe pages pass axe."""

import re

import pytest

from notices.models import Kind, Notice
from subsystems.models import Walkthrough
from tests.browser.conftest import screenshot, serious_violations
from tests.builders import populate_activities

pytestmark = pytest.mark.django_db(transaction=True)


def test_feedback_reaches_the_teacher_who_acknowledges_it(cast, browser, login, live_server):
    populate_activities(cast.a)
    slug = cast.a.district.slug
    walkthrough = cast.a.walkthrough

    # The principal shares the visit's feedback from the walkthrough's edit page.
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    login(page, cast.a.principal.user.username)
    page.goto(f"{live_server.url}/d/{slug}/walkthroughs/{walkthrough.pk}/edit/")
    page.get_by_label("Share the feedback with the teacher").check()
    page.get_by_label("Note to the teacher").fill("Try a turn-and-talk before the share-out.")
    page.get_by_role("button", name="Save walkthrough").click()
    page.wait_for_load_state("networkidle")
    assert "not acknowledged yet" in page.locator("main").inner_text().lower()
    context.close()

    # The teacher: the count in the navigation, the notice, the walkthrough, the reflection.
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    login(page, cast.a.teacher.user.username)
    nav = page.get_by_role("navigation", name="Main")
    notices = nav.get_by_role("link", name=re.compile(r"^Notices 1 unread$"))
    notices.click()
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    screenshot(page, "notices-list")
    page.get_by_role("link", name=re.compile("Feedback from your walkthrough")).click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Your reflection (optional)").fill("I'll plan the turn-and-talk.")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Acknowledge the feedback").click()
    page.wait_for_load_state("networkidle")
    assert "Acknowledged" in page.locator(".messages").inner_text()
    walkthrough = Walkthrough.objects.for_district(cast.a.district).get(pk=walkthrough.pk)
    assert walkthrough.teacher_reflection == "I'll plan the turn-and-talk."

    # Marking it read empties the count.
    page.goto(f"{live_server.url}/d/{slug}/notices/")
    page.get_by_role("button", name=re.compile("^Mark as read")).click()
    page.wait_for_load_state("networkidle")
    assert nav.get_by_role("link", name="Notices", exact=True).count() == 1

    # Preferences: fewer e-mails; the page passes axe on a tablet and a phone.
    page.get_by_role("navigation", name="Notices").get_by_role(
        "link", name="E-mail and digest"
    ).click()
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    page.get_by_label("Reminders of something for me to do").uncheck()
    page.get_by_role("button", name="Save preferences").click()
    page.wait_for_load_state("networkidle")
    assert "Preferences saved" in page.locator(".messages").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "notice-preferences-phone")
    context.close()


def test_the_unsubscribe_page_says_what_stops_and_its_button_stops_it(cast, page, live_server):
    from notices.models import Topic
    from notices.unsubscribe import unsubscribe_token

    token = unsubscribe_token(cast.a.principal, Topic.DIGEST)
    page.goto(f"{live_server.url}/unsubscribe/{token}/")
    assert "the Monday digest" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "unsubscribe")
    page.get_by_role("button", name="Stop these e-mails").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Done")
    assert serious_violations(page) == []
    assert not Notice.objects.visible_to(cast.a.principal).filter(kind=Kind.DIGEST).exists()
