"""The notices list with its unread count in the navigation, mark as read, preferences,
and the API: a person's own notices and nobody else's, whatever the role."""

import re

import pytest
from django.urls import reverse

from notices.models import Kind, Notice, NoticePreferences, Topic
from notices.services import notice_send
from tests.conftest import ROLE_NAMES


def give(tenant, member, key, title="Something for you", path=""):
    return notice_send(
        district=tenant.district,
        recipient=member,
        topic=Topic.REMINDER,
        kind=Kind.REMINDERS,
        title=title,
        key=key,
        path=path,
        context={"lines": [{"text": f"Item of {key}", "path": path}]},
    )


def badge(html: str) -> str | None:
    nav = re.search(r'<nav aria-label="Main">.*?</nav>', html, re.S).group(0)
    found = re.search(
        r'Notices <span class="badge">(\d+)<span class="visually-hidden"> unread', nav
    )
    return found.group(1) if found else None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_every_role_has_notices_and_preferences(cast, client_for, role):
    client = client_for(cast.a.member(role))
    slug = cast.a.district.slug
    assert client.get(reverse("notice_list", args=[slug])).status_code == 200
    assert client.get(reverse("notice_preferences", args=[slug])).status_code == 200


@pytest.mark.django_db
def test_the_navigation_counts_unread_notices_and_marking_read_lowers_it(cast, client_for):
    slug = cast.a.district.slug
    plan = reverse("plan", args=[slug])
    first = give(cast.a, cast.a.teacher, "1", "First", path=plan)
    give(cast.a, cast.a.teacher, "2", "Second")
    give(cast.a, cast.a.teacher2, "3", "Not yours")
    client = client_for(cast.a.teacher)
    page = client.get(reverse("notice_list", args=[slug])).content.decode()
    assert badge(page) == "2"
    assert f'<a href="{plan}">First</a>' in page  # each notice links to its record
    assert "Not yours" not in page
    response = client.post(reverse("notice_read", args=[slug, first.pk]))
    assert response.status_code == 302
    page = client.get(reverse("my_hours", args=[slug])).content.decode()
    assert badge(page) == "1"
    client.post(reverse("notices_read_all", args=[slug]))
    assert badge(client.get(reverse("notice_list", args=[slug])).content.decode()) is None
    assert Notice.objects.visible_to(cast.a.teacher2).unread().count() == 1


@pytest.mark.django_db
def test_nobody_reads_or_marks_someone_elses_notice_not_even_an_admin(cast, client_for):
    slug = cast.a.district.slug
    theirs = give(cast.a, cast.a.teacher, "private", "Feedback on your lesson")
    admin = client_for(cast.a.admin)
    assert (
        "Feedback on your lesson"
        not in admin.get(reverse("notice_list", args=[slug])).content.decode()
    )
    assert admin.post(reverse("notice_read", args=[slug, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_preferences_are_saved_and_the_digest_is_offered_only_to_those_who_may_have_it(
    cast, client_for
):
    slug = cast.a.district.slug
    url = reverse("notice_preferences", args=[slug])
    principal = client_for(cast.a.principal)
    assert "The Monday digest</label>" in principal.get(url).content.decode()
    response = principal.post(url, {"email_feedback": "on", "email_reminder": ""})
    assert response.status_code == 302
    saved = NoticePreferences.objects.for_district(cast.a.district).get(membership=cast.a.principal)
    assert (saved.email_feedback, saved.email_reply, saved.email_reminder, saved.digest) == (
        True,
        False,
        False,
        False,
    )
    teacher = client_for(cast.a.teacher)
    assert "Monday digest</label>" not in teacher.get(url).content.decode()
    teacher.post(url, {"email_feedback": "on", "digest": "on"})
    saved = NoticePreferences.objects.for_district(cast.a.district).get(membership=cast.a.teacher)
    assert saved.digest is False  # not offered, not taken
    viewer = client_for(cast.a.viewer).get(url).content.decode()
    assert "The Monday digest</label>" in viewer and "Feedback shared with me" not in viewer


@pytest.mark.django_db
def test_the_api_lists_my_notices_and_marks_one_read(cast, api_for):
    slug = cast.a.district.slug
    mine = give(cast.a, cast.a.coach, "c1", "For the coach", path="/d/x/plan/")
    give(cast.a, cast.a.teacher, "t1", "For the teacher")
    api = api_for(cast.a.coach)
    listed = api.get(reverse("api-notice-list", args=[slug])).json()["results"]
    assert [n["title"] for n in listed] == ["For the coach"]
    assert listed[0]["url"].endswith("/d/x/plan/")
    read = api.post(reverse("api-notice-read", args=[slug, mine.pk]))
    assert read.status_code == 200 and read.json()["read_at"]
    unread = api.get(reverse("api-notice-list", args=[slug]), {"unread": "1"}).json()
    assert unread["count"] == 0
    other = api_for(cast.a.admin).post(reverse("api-notice-read", args=[slug, mine.pk]))
    assert other.status_code == 404


@pytest.mark.django_db
def test_notices_never_cross_districts(cast, client_for):
    slug_b = cast.b.district.slug
    theirs = give(cast.b, cast.b.teacher, "b", "In district B")
    client = client_for(cast.a.teacher)
    assert client.get(reverse("notice_list", args=[slug_b])).status_code == 404
    assert (
        client.post(reverse("notice_read", args=[cast.a.district.slug, theirs.pk])).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_notices_page_takes_the_same_queries_for_3_notices_or_30(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.a.principal)
    url = reverse("notice_list", args=[cast.a.district.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(3):
        give(cast.a, cast.a.principal, f"few-{n}")
    few = queries()
    for n in range(27):
        give(cast.a, cast.a.principal, f"many-{n}")
    assert queries() == few
