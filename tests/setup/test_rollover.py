"""The yearly rollover: the next year from this one's pattern, what carries over, and the
year left behind unchanged, viewable and read-only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from districts.models import Educator, Priority, SchoolYear
from plcs.models import PLCMeeting
from subsystems.models import IndicatorGoal, KeyResult, LookForSet, Objective


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def figures(api, tenant, year=None):
    query = {"year": str(year.pk)} if year else {}
    body = api.get(url("api-hours", tenant), query).json()
    return body["year"]["school_year"], body["hours"], [s["hours"] for s in body["schools"]]


@pytest.mark.django_db
def test_the_next_year_carries_the_configuration_and_leaves_the_past_as_it_was(
    world, client_for, api_for, travel
):
    a = world.a
    travel(date(2027, 6, 28))  # the year is over
    past = SchoolYear.objects.for_district(a.district).get()
    api = api_for(a.admin)
    # A teacher leaves before the summer: they drop out of their PLC team.
    team = a.plc_team
    Educator.objects.for_district(a.district).filter(pk=a.teacher2.educator.pk).update(active=False)
    before = figures(api, a)
    assert before[0] == "2026–27" and before[1]["minutes"]["meaningful"] > 0
    configuration = (
        list(Priority.objects.for_district(a.district).values_list("pk", flat=True)),
        list(LookForSet.objects.for_district(a.district).values_list("pk", flat=True)),
        dict(IndicatorGoal.objects.for_district(a.district).values_list("key", "goal")),
    )
    # A teacher leaves before the summer: they drop out of their PLC team.
    team = a.plc_team
    Educator.objects.for_district(a.district).filter(pk=a.teacher2.educator.pk).update(active=False)
    client = client_for(a.admin)
    page = client.get(url("school_year_rollover", a)).content.decode()
    assert "Start the 2027–28 school year" in page and a.objective.title in page
    kept_objective = a.objective
    closing = Objective.objects.create(
        district=a.district,
        title="An objective we stop",
        priority=a.objective.priority,
        school_year=past,
    )
    response = client.post(
        url("school_year_rollover", a),
        {f"objective_{kept_objective.pk}": "carry", f"objective_{closing.pk}": "close"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    new = SchoolYear.objects.for_district(a.district).get(name="2027–28")
    assert (new.start_date, new.end_date) == (
        past.start_date + timedelta(weeks=52),
        past.end_date + timedelta(weeks=52),
    )
    assert [b.week_start for b in new.breaks.all()] == [
        b.week_start + timedelta(weeks=52) for b in past.breaks.all()
    ]
    # Carried over as it is.
    assert configuration == (
        list(Priority.objects.for_district(a.district).values_list("pk", flat=True)),
        list(LookForSet.objects.for_district(a.district).values_list("pk", flat=True)),
        dict(IndicatorGoal.objects.for_district(a.district).values_list("key", "goal")),
    )
    assert a.teacher2.educator.pk not in set(team.members.values_list("pk", flat=True))
    assert a.teacher.educator.pk in set(team.members.values_list("pk", flat=True))
    copy = Objective.objects.for_district(a.district).get(school_year=new)
    assert copy.title == kept_objective.title and copy.pk != kept_objective.pk
    copied = KeyResult.objects.for_district(a.district).get(objective=copy)
    assert copied.due_date == a.key_result.due_date + timedelta(weeks=52)
    assert copied.measure == a.key_result.measure and not copied.check_ins.exists()
    assert not Objective.objects.get(pk=closing.pk).active
    assert Objective.objects.get(pk=kept_objective.pk).school_year == past

    # The new year starts with no activity; the past one answers with its own figures.
    now = figures(api, a)
    assert now[0] == "2027–28" and now[1]["minutes"]["meaningful"] == 0
    assert figures(api, a, past) == before
    hours_page = client.get(url("district_hours", a), {"year": str(past.pk)}).content.decode()
    assert "2026–27" in hours_page and 'id="year-picker"' in hours_page
    plan = client.get(url("plan", a), {"year": str(past.pk)}).content.decode()
    assert "An objective we stop" in plan
    assert "An objective we stop" not in client.get(url("plan", a)).content.decode()


@pytest.mark.django_db
def test_the_past_year_is_read_only_after_the_rollover(world, client_for, api_for, travel):
    a = world.a
    travel(date(2027, 6, 28))
    api = api_for(a.admin)
    assert api.post(url("api-rollover", a), {}, format="json").status_code == 201
    meeting = a.plc_meeting
    late = api.post(
        url("api-plc-meeting-list", a),
        {
            "team": str(a.plc_team.pk),
            "date": "2027-05-03",
            "minutes": 30,
            "time_use": {"instructional_planning": 30},
        },
        format="json",
    )
    assert late.status_code == 400 and "read-only" in str(late.json())
    gone = api.delete(url("api-plc-meeting-detail", a, meeting_id=meeting.pk))
    assert gone.status_code == 400 and "read-only" in str(gone.json())
    page = client_for(a.principal).post(
        url("plc_meeting_delete", a, meeting_id=meeting.pk), follow=True
    )
    assert "read-only" in page.content.decode()
    assert PLCMeeting.objects.filter(pk=meeting.pk).exists()
    # The new year is open: its first week takes a meeting once it has come.
    travel(date(2027, 8, 20))
    fresh = api.post(
        url("api-plc-meeting-list", a),
        {
            "team": str(a.plc_team.pk),
            "date": "2027-08-18",
            "minutes": 30,
            "time_use": {"instructional_planning": 30},
        },
        format="json",
    )
    assert fresh.status_code == 201, fresh.content


@pytest.mark.django_db
def test_a_rollover_needs_a_year_and_a_decision_it_understands(cast, api_for):
    api = api_for(cast.a.admin)
    bad = api.post(url("api-rollover", cast.a), {"objectives": {"x": "maybe"}}, format="json")
    assert bad.status_code == 400 and "objectives" in bad.json()
    SchoolYear.objects.for_district(cast.a.district).delete()
    none = api.post(url("api-rollover", cast.a), {}, format="json")
    assert none.status_code == 400 and "Add a school year first" in str(none.json())
