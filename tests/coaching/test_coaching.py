"""Coaching: sessions reach the right ledgers, bad input writes nothing, coach time fills in."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coaching.models import CoachingCycle, CoachingSession
from coaching.selectors import coach_totals, coach_weeks
from coaching.services import coach_week_save, coaching_cycle_save, coaching_session_record
from districts.models import Educator
from pl_hours.models import LedgerEntry
from tests.builders import expect

ROLES = ("admin", "principal", "coach", "teacher", "teacher2", "viewer")
DAY = date(2026, 9, 14)


def cycle_for(tenant, teachers, **overrides):
    return coaching_cycle_save(
        district=tenant.district,
        **{
            "coach": tenant.coach.educator,
            "school": tenant.school,
            "teachers": teachers,
            "goal": "Goal",
            "start_date": DAY,
            "end_date": DAY + timedelta(weeks=4),
            **overrides,
        },
    )


@pytest.mark.django_db
def test_session_minutes_reach_only_the_teachers_present(world):
    t1, t2 = world.a.teacher.educator, world.a.teacher2.educator
    cycle = cycle_for(world.a, [t1, t2])
    session = coaching_session_record(
        district=world.a.district,
        cycle=cycle,
        date=DAY + timedelta(days=2),
        kind="co_teaching",
        minutes=50,
        teachers_present=[t2],
    )
    rows = LedgerEntry.objects.filter(source_id=session.pk)
    assert list(rows.values_list("educator_id", "category", "minutes")) == [
        (t2.pk, "instructional_planning", 50)  # all planning by default
    ]
    assert session.priority_id == cycle.focus_id


@pytest.mark.django_db
def test_a_session_outside_the_cycle_dates_is_refused(world):
    cycle = cycle_for(world.a, [world.a.teacher.educator])
    before = CoachingSession.objects.count(), LedgerEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        coaching_session_record(
            district=world.a.district,
            cycle=cycle,
            date=DAY - timedelta(days=1),
            kind="planning",
            minutes=30,
        )
    assert "outside" in caught.value.message_dict["date"][0]
    assert (CoachingSession.objects.count(), LedgerEntry.objects.count()) == before


@pytest.mark.django_db
def test_negative_or_zero_minutes_are_refused(world):
    cycle = cycle_for(world.a, [world.a.teacher.educator])
    for minutes in (0, -15):
        with pytest.raises(ValidationError) as caught:
            coaching_session_record(
                district=world.a.district,
                cycle=cycle,
                date=DAY,
                kind="planning",
                minutes=minutes,
            )
        assert "minutes" in caught.value.message_dict


@pytest.mark.django_db
def test_a_teacher_of_another_school_or_district_is_refused(world):
    before = CoachingCycle.objects.count()
    with pytest.raises(ValidationError) as caught:
        cycle_for(world.a, [world.a.other_teacher])
    assert "Not at" in caught.value.message_dict["teachers"][0]
    with pytest.raises(ValidationError):
        cycle_for(world.a, [world.b.teacher.educator])
    assert CoachingCycle.objects.count() == before
    cycle = cycle_for(world.a, [world.a.teacher.educator])
    with pytest.raises(ValidationError) as caught:
        coaching_session_record(
            district=world.a.district,
            cycle=cycle,
            date=DAY,
            kind="planning",
            minutes=30,
            teachers_present=[world.a.teacher2.educator],
        )
    assert "Not in this cycle" in caught.value.message_dict["teachers_present"][0]


@pytest.mark.django_db
def test_moving_a_cycle_away_from_its_sessions_is_refused(world):
    cycle = world.a.coaching_cycle  # has a session on DAY
    with pytest.raises(ValidationError) as caught:
        cycle_for(world.a, [world.a.teacher.educator], start_date=DAY + timedelta(days=1))
        coaching_cycle_save(
            district=world.a.district,
            cycle=cycle,
            coach=cycle.coach,
            school=cycle.school,
            teachers=list(cycle.teachers.all()),
            goal=cycle.goal,
            start_date=DAY + timedelta(days=1),
            end_date=cycle.end_date,
        )
    assert caught.value.message_dict


@pytest.mark.django_db
def test_coach_time_fills_cycle_minutes_from_sessions(world):
    coach = world.a.coach.educator
    # populate_activities: a 40-minute session on DAY and a logged week (90 PLC, 60 admin).
    coaching_session_record(
        district=world.a.district,
        cycle=world.a.coaching_cycle,
        date=DAY + timedelta(days=3),
        kind="debrief",
        minutes=20,
    )
    weeks = coach_weeks(world.a.district, coach, 3, today=DAY + timedelta(days=6))
    this_week = weeks[0]
    assert this_week.week_start == DAY
    assert this_week.minutes["cycles"] == 60
    assert this_week.minutes["plc_facilitation"] == 90
    assert this_week.minutes["administrative"] == 60
    assert this_week.total == 210
    assert this_week.bridge_share == pytest.approx(150 / 210)  # cycles + PLC facilitation
    totals = coach_totals(
        world.a.district,
        Educator.objects.filter(pk=coach.pk),
        DAY - timedelta(weeks=1),
        DAY + timedelta(days=6),
    )
    assert totals[0].minutes["cycles"] == 60 and totals[0].total == 210


@pytest.mark.django_db
def test_coach_week_refuses_negative_minutes(world):
    with pytest.raises(ValidationError):
        coach_week_save(
            district=world.a.district,
            coach=world.a.coach.educator,
            week_start=DAY,
            covering_classes=-30,
        )


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_coaching_notes_are_seen_only_by_those_concerned(world, client):
    url = page("coaching_cycle", world.a, cycle_id=world.a.coaching_cycle.pk)
    expected = {
        "admin": 200,
        "principal": 200,
        "coach": 200,
        "teacher": 200,
        "teacher2": 404,
        "viewer": 403,
    }
    for role, status in expected.items():
        client.force_login(world.a.member(role).user)
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert "Planned the launch of lesson 4" in response.content.decode()
    client.force_login(world.a.teacher2.user)
    caseload = client.get(page("coaching_caseload", world.a)).content.decode()
    assert (
        "Planned the launch" not in caseload and world.a.teacher.educator.full_name not in caseload
    )


@pytest.mark.django_db
def test_coaching_pages_by_role(world, client):
    matrix = {
        "coaching_caseload": (
            {},
            expect(200, 200, 200, 200, 403),
        ),
        "coaching_cycle_create": (
            {},
            expect(200, 403, 200, 403, 403),
        ),
        "coaching_session_create": (
            {"cycle_id": world.a.coaching_cycle.pk},
            expect(200, 403, 200, 403, 403),
        ),
        "coach_time": ({}, expect(200, 403, 200, 403, 403)),
    }
    for name, (kwargs, expected) in matrix.items():
        for role, status in expected.items():
            client.force_login(world.a.member(role).user)
            assert client.get(page(name, world.a, **kwargs)).status_code == status, (name, role)


@pytest.mark.django_db
def test_quick_session_form_logs_with_defaults(world, client_for):
    client = client_for(world.a.coach)
    cycle = world.a.coaching_cycle
    response = client.post(
        page("coaching_session_create", world.a, cycle_id=cycle.pk),
        {
            "date": "2026-09-16",
            "kind": "observation",
            "minutes": 30,
            "teachers_present": [world.a.teacher.educator.pk],
            "math_specific": "on",
            "minutes_instructional_planning": 30,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = CoachingSession.objects.get(date=date(2026, 9, 16))
    assert LedgerEntry.objects.filter(source_id=session.pk).get().minutes == 30


@pytest.mark.django_db
def test_the_session_form_keeps_input_on_a_refused_date(world, client_for):
    client = client_for(world.a.coach)
    cycle = world.a.coaching_cycle
    response = client.post(
        page("coaching_session_create", world.a, cycle_id=cycle.pk),
        {
            "date": "2027-03-01",
            "kind": "debrief",
            "minutes": 25,
            "notes": "Talked about exit tickets",
            "teachers_present": [world.a.teacher.educator.pk],
            "math_specific": "on",
            "minutes_instructional_planning": 25,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "outside it" in body and "Talked about exit tickets" in body


@pytest.mark.django_db
def test_coaching_api(world, api_for):
    api = api_for(world.a.coach)
    url = page("api-coaching-session-list", world.a)
    response = api.post(
        url,
        {
            "cycle": str(world.a.coaching_cycle.pk),
            "date": "2026-09-17",
            "kind": "modelling",
            "minutes": 35,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["time_use"]["instructional_planning"] == 35
    bad = api.post(
        url,
        {
            "cycle": str(world.a.coaching_cycle.pk),
            "date": "2026-09-17",
            "kind": "modelling",
            "minutes": -5,
        },
        format="json",
    )
    assert bad.status_code == 400
    assert api_for(world.a.teacher2).get(url).json()["count"] == 0
    weeks = api.post(
        page("api-coach-week-list", world.a),
        {"coach": str(world.a.coach.educator.pk), "week_start": "2026-09-16", "leader_support": 45},
        format="json",
    )
    assert weeks.status_code == 201, weeks.json()
    assert weeks.json()["week_start"] == "2026-09-14"


@pytest.mark.django_db
def test_a_session_logged_without_a_split_is_all_planning(world, client_for):
    response = client_for(world.a.coach).post(
        page("coaching_session_create", world.a, cycle_id=world.a.coaching_cycle.pk),
        {
            "date": "2026-09-18",
            "kind": "debrief",
            "minutes": 25,
            "math_specific": "on",
            "teachers_present": [world.a.teacher.educator.pk],
        },
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get(date=date(2026, 9, 18))
    assert list(
        LedgerEntry.objects.filter(source_id=session.pk).values_list("category", "minutes")
    ) == [("instructional_planning", 25)]
