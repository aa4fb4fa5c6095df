"""The role matrix: what each role can open and do, pages and API alike."""

import pytest
from django.urls import reverse

from districts.models import Educator, SchoolYear

ROLES = ("admin", "principal", "coach", "teacher", "viewer")
EVERYONE = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {role: (200 if role == "admin" else 403) for role in ROLES}

PAGES = [
    ("district_home", {}, EVERYONE),
    ("priority_list", {}, EVERYONE),
    ("priority_create", {}, ADMIN_ONLY),
    ("school_list", {}, ADMIN_ONLY),
    ("school_create", {}, ADMIN_ONLY),
    ("school_edit", {"school_id": "school"}, ADMIN_ONLY),
    ("educator_list", {}, ADMIN_ONLY),
    ("educator_create", {}, ADMIN_ONLY),
    ("educator_edit", {"educator_id": "educator"}, ADMIN_ONLY),
    ("membership_list", {}, ADMIN_ONLY),
    ("membership_invite", {}, ADMIN_ONLY),
    ("membership_edit", {"membership_id": "membership"}, ADMIN_ONLY),
    ("roster_import", {}, ADMIN_ONLY),
    ("district_settings", {}, ADMIN_ONLY),
    ("school_year_list", {}, ADMIN_ONLY),
    ("school_year_create", {}, ADMIN_ONLY),
    ("school_year_edit", {"year_id": "year"}, ADMIN_ONLY),
    ("school_year_delete", {"year_id": "year"}, ADMIN_ONLY),
    ("school_year_rollover", {}, ADMIN_ONLY),
    ("libraries", {}, ADMIN_ONLY),
    ("notice_list", {}, EVERYONE),
    ("notice_preferences", {}, EVERYONE),
]


def _resolve(tenant, kwargs):
    objects = {
        "school": tenant.school.pk,
        "educator": tenant.teacher.educator.pk,
        "membership": tenant.teacher.pk,
        "year": SchoolYear.objects.for_district(tenant.district).get().pk,
    }
    return {key: objects[value] for key, value in kwargs.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access_by_role(cast, client, name, kwargs, expected):
    url = reverse(name, kwargs={"district_slug": cast.a.district.slug, **_resolve(cast.a, kwargs)})
    for role, status in expected.items():
        client.force_login(cast.a.member(role).user)
        assert client.get(url).status_code == status, f"{role} on {name}"


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(cast, client):
    url = reverse("district_home", args=[cast.a.district.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_navigation_shows_settings_only_to_admins(cast, client):
    url = reverse("district_home", args=[cast.a.district.slug])
    settings_link = reverse("district_settings", args=[cast.a.district.slug])
    for role in ROLES:
        client.force_login(cast.a.member(role).user)
        body = client.get(url).content.decode()
        assert (settings_link in body) is (role == "admin"), role


@pytest.mark.django_db
def test_personnel_visibility_by_role(cast):
    a = cast.a
    visible = {
        role: set(Educator.objects.visible_to(a.member(role)).values_list("email", flat=True))
        for role in ROLES
    }
    everyone_in_a = set(Educator.objects.for_district(a.district).values_list("email", flat=True))
    assert visible["admin"] == everyone_in_a
    # The principal sees the people of their school, not of the other school.
    assert "teacher@a.example.org" in visible["principal"]
    assert "other@a.example.org" not in visible["principal"]
    assert "other@a.example.org" not in visible["coach"]
    assert visible["teacher"] == {"teacher@a.example.org"}
    assert visible["viewer"] == set()
    # Nobody in A sees anyone in B.
    assert not any(
        email.endswith("@b.example.org") for emails in visible.values() for email in emails
    )


API = [
    ("api-school-list", "get", EVERYONE),
    ("api-priority-list", "get", EVERYONE),
    ("api-educator-list", "get", {**EVERYONE, "viewer": 403}),
    ("api-membership-list", "get", ADMIN_ONLY),
    ("api-settings", "get", ADMIN_ONLY),
    ("api-settings", "patch", ADMIN_ONLY),
    ("api-school-year-list", "get", EVERYONE),
    ("api-school-year-list", "post", {**ADMIN_ONLY, "admin": 400}),
    ("api-roster-import", "post", {**ADMIN_ONLY, "admin": 400}),
    ("api-library-list", "get", ADMIN_ONLY),
    ("api-rollover", "post", {**ADMIN_ONLY, "admin": 201}),
    ("api-hours", "get", {**EVERYONE, "teacher": 403}),
    ("api-notice-list", "get", EVERYONE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "expected"), API, ids=[a[0] for a in API])
def test_api_access_by_role(cast, api_for, name, method, expected):
    url = reverse(name, kwargs={"district_slug": cast.a.district.slug})
    for role, status in expected.items():
        response = getattr(api_for(cast.a.member(role)), method)(url)
        assert response.status_code == status, f"{role} on {name}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_admins_write_through_the_api(cast, api_for, role):
    url = reverse("api-school-list", kwargs={"district_slug": cast.a.district.slug})
    response = api_for(cast.a.member(role)).post(url, {"code": "NEW-1", "name": "New School"})
    assert response.status_code == (201 if role == "admin" else 403)


@pytest.mark.django_db
def test_teacher_sees_only_themselves_through_the_api(cast, api_for):
    url = reverse("api-educator-list", kwargs={"district_slug": cast.a.district.slug})
    response = api_for(cast.a.teacher).get(url)
    assert [row["email"] for row in response.json()["results"]] == ["teacher@a.example.org"]


@pytest.mark.django_db
def test_anonymous_api_request_is_refused_without_revealing_the_district(cast):
    from rest_framework.test import APIClient

    url = reverse("api-school-list", kwargs={"district_slug": cast.a.district.slug})
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.django_db
def test_only_the_teacher_who_received_feedback_acknowledges_it(world, client_for):
    """Walkthrough feedback and coaching notes, once they reached the teacher: the teacher
    acknowledges; nobody else may, and a role that may not see the record gets 403."""
    from coaching.services import coaching_session_record
    from subsystems.leadership.services import walkthrough_feedback_deliver

    a = world.a
    a.walkthrough.feedback_shared = True
    a.walkthrough.feedback_date = a.walkthrough.date
    a.walkthrough.save()
    walkthrough_feedback_deliver(district=a.district, walkthrough=a.walkthrough)
    session = coaching_session_record(
        district=a.district,
        session=a.coaching_session,
        cycle=a.coaching_cycle,
        date=a.coaching_session.date,
        kind="planning",
        minutes=40,
        shared_with_teachers=True,
    )
    expected = {"admin": 403, "principal": 403, "coach": 403, "teacher": 302, "viewer": 403}
    for name, kwargs in [
        ("walkthrough_acknowledge", {"walkthrough_id": a.walkthrough.pk}),
        ("coaching_session_acknowledge", {"coaching_session_id": session.pk}),
    ]:
        url = reverse(name, kwargs={"district_slug": a.district.slug, **kwargs})
        for role, status in expected.items():
            response = client_for(a.member(role)).post(url, {})
            assert response.status_code == status, f"{role} on {name}"
        assert client_for(a.teacher2).post(url, {}).status_code == 404, name  # not theirs
