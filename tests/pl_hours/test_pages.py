"""PL pages: who may open them, bad input, the live split readout, constant query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pl_hours.models import WeeklyRollup
from pl_hours.rollups import rollups_recompute
from tests.builders import expect, split

ROLES = ("admin", "principal", "coach", "teacher", "viewer")


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


MATRIX = [
    # name, kwargs from the tenant, expected status per role
    ("my_hours", {}, expect(200, 200, 200, 200, 200)),
    ("district_hours", {}, expect(200, 200, 200, 403, 200)),
    (
        "school_hours",
        {"school_id": "school"},
        expect(200, 200, 200, 403, 403),
    ),
    (
        "school_hours",
        {"school_id": "other_school"},
        expect(200, 403, 403, 403, 403),
    ),
    (
        "educator_hours",
        {"educator_id": "teacher"},
        expect(200, 200, 200, 403, 403),
    ),
    (
        "educator_hours",
        {"educator_id": "other_teacher"},
        expect(200, 404, 404, 403, 403),
    ),
    ("plc_teams", {}, expect(200, 200, 200, 200, 403)),
    (
        "plc_team_detail",
        {"team_id": "team"},
        expect(200, 200, 200, 200, 403),
    ),
    ("plc_team_create", {}, expect(200, 200, 403, 403, 403)),
    (
        "plc_meeting_create",
        {"team_id": "team"},
        expect(200, 200, 200, 403, 403),
    ),
    (
        "plc_meeting_edit",
        {"meeting_id": "meeting"},
        expect(200, 200, 200, 403, 403),
    ),
    ("pd_sessions", {}, expect(200, 200, 200, 200, 403)),
    ("pd_session_create", {}, expect(200, 200, 403, 403, 403)),
    (
        "pd_session_edit",
        {"session_id": "session"},
        expect(200, 403, 403, 403, 403),
    ),
    (
        "pd_attendance",
        {"session_id": "session"},
        expect(200, 200, 403, 403, 403),
    ),
    ("other_list", {}, expect(200, 200, 403, 403, 403)),
    ("other_create", {}, expect(200, 200, 403, 403, 403)),
    ("manual_list", {}, expect(200, 200, 200, 200, 403)),
    ("manual_create", {}, expect(200, 200, 200, 200, 403)),
]


def resolve(tenant, kwargs):
    objects = {
        "school": tenant.school.pk,
        "other_school": tenant.other_school.pk,
        "teacher": tenant.teacher.educator.pk,
        "other_teacher": tenant.other_teacher.pk,
        "team": tenant.plc_team.pk,
        "meeting": tenant.plc_meeting.pk,
        "session": tenant.pd_session.pk,
    }
    return {key: objects[value] for key, value in kwargs.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    MATRIX,
    ids=[f"{m[0]}-{'-'.join(m[1].values())}" for m in MATRIX],
)
def test_role_matrix(world, client, name, kwargs, expected):
    url = page(name, world.a, **resolve(world.a, kwargs))
    for role, status in expected.items():
        client.force_login(world.a.member(role).user)
        assert client.get(url).status_code == status, f"{role} on {url}"


@pytest.mark.django_db
def test_a_viewer_never_sees_a_teachers_name_on_the_hours_pages(world, client_for):
    body = client_for(world.a.viewer).get(page("district_hours", world.a)).content.decode()
    assert world.a.school.name in body
    assert world.a.teacher.educator.full_name not in body
    assert "/hours/educators/" not in body and "/hours/schools/" not in body


@pytest.mark.django_db
def test_my_hours_lists_where_the_hours_came_from(world, client_for):
    response = client_for(world.a.teacher).get(page("my_hours", world.a))
    body = response.content.decode()
    for title in ("Grade 3 team PLC meeting", "Number talks", "State math conference"):
        assert title in body
    assert "<svg" in body and "Week-by-week figures" in body
    # The teacher's own figures: 35 PLC planning + 60 PD planning + 120 conference
    # + 40 coaching = 255 min.
    assert response.context["summary"].minutes["meaningful"] == 255


@pytest.mark.django_db
def test_the_split_readout_says_how_much_is_left(world, client_for):
    client = client_for(world.a.teacher)
    url = page("split_readout", world.a)
    body = client.get(
        url, {"minutes": 60, "minutes_logistics": 15, "minutes_instructional_planning": 30}
    ).content.decode()
    assert "15 minutes left to assign" in body and "50 %" in body
    body = client.get(
        url, {"minutes": 60, "minutes_logistics": 45, "minutes_instructional_planning": 30}
    ).content.decode()
    assert "15 minutes too many" in body
    body = client.get(url, {"minutes": 60, "minutes_instructional_planning": 60}).content.decode()
    assert "All 60 minutes assigned" in body and "100 %" in body
    body = client.get(url, {"minutes": "sixty"}).content.decode()
    assert "Enter the duration" in body


def grow(tenant, teachers: int):
    """Add more teachers with hours to district A, to check query counts do not grow."""
    from tests.factories import EducatorFactory

    extra = [
        EducatorFactory(district=tenant.district, school=tenant.school) for _ in range(teachers)
    ]
    from pl_hours.services import other_activity_save

    other_activity_save(
        district=tenant.district,
        kind="curriculum_session",
        title="Extra",
        date=date(2026, 9, 21),
        minutes=60,
        math_specific=True,
        priority=None,
        school=tenant.school,
        split=split(plan=60),
        attendance=dict.fromkeys((e.pk for e in extra), None),
    )
    rollups_recompute(district=tenant.district)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["district_hours", "school_hours", "my_hours", "plc_teams", "pd_sessions"]
)
def test_query_counts_do_not_grow_with_the_district(world, client_for, name):
    client = client_for(world.a.admin)
    kwargs = {"school_id": world.a.school.pk} if name == "school_hours" else {}
    if name == "my_hours":
        client = client_for(world.a.teacher)
    url = page(name, world.a, **kwargs)
    small = count_queries(client, url)
    grow(world.a, 25)
    assert WeeklyRollup.objects.for_district(world.a.district).count() > 25
    assert count_queries(client, url) == small
