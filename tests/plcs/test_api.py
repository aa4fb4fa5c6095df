import pytest
from django.urls import reverse

from pl_hours.models import LedgerEntry, OtherActivity
from plcs.models import PLCMeeting


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


TIME_USE = {"logistics": 10, "instructional_planning": 30}


@pytest.mark.django_db
def test_record_a_plc_meeting_through_the_api(world, api_for):
    api = api_for(world.a.principal)
    response = api.post(
        url("api-plc-meeting-list", world.a),
        {
            "team": str(world.a.plc_team.pk),
            "date": "2026-10-07",
            "minutes": 40,
            "time_use": TIME_USE,
            "analysed_student_work": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["time_use"]["instructional_planning"] == 30
    # Attendees default to the team's members.
    assert sorted(body["attendees"]) == sorted(
        [str(world.a.teacher.educator.pk), str(world.a.teacher2.educator.pk)]
    )
    meeting = PLCMeeting.objects.get(pk=body["id"])
    assert LedgerEntry.objects.filter(source_id=meeting.pk).count() == 4


@pytest.mark.django_db
def test_a_split_that_does_not_add_up_is_a_400_naming_the_difference(world, api_for):
    before = PLCMeeting.objects.count()
    response = api_for(world.a.admin).post(
        url("api-plc-meeting-list", world.a),
        {
            "team": str(world.a.plc_team.pk),
            "date": "2026-10-07",
            "minutes": 45,
            "time_use": TIME_USE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "5 fewer than the 45-minute duration" in response.json()["time_use"][0]
    assert PLCMeeting.objects.count() == before


@pytest.mark.django_db
def test_negative_minutes_are_refused(world, api_for):
    response = api_for(world.a.admin).post(
        url("api-other-activity-list", world.a),
        {
            "kind": "other",
            "title": "X",
            "date": "2026-10-07",
            "minutes": 30,
            "time_use": {"logistics": -10, "instructional_planning": 40},
            "attendance": [{"educator": str(world.a.teacher.educator.pk)}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "time_use" in response.json()
    assert not OtherActivity.objects.filter(title="X").exists()


@pytest.mark.django_db
def test_a_leader_cannot_record_for_a_team_of_another_school(world, api_for):
    from plcs.services import plc_team_save

    other_team = plc_team_save(district=world.a.district, school=world.a.other_school, name="T2")
    response = api_for(world.a.principal).post(
        url("api-plc-meeting-list", world.a),
        {"team": str(other_team.pk), "date": "2026-10-07", "minutes": 40, "time_use": TIME_USE},
        format="json",
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_another_districts_team_is_a_field_error(world, api_for):
    response = api_for(world.a.admin).post(
        url("api-plc-meeting-list", world.a),
        {
            "team": str(world.b.plc_team.pk),
            "date": "2026-10-07",
            "minutes": 40,
            "time_use": TIME_USE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "team" in response.json()


@pytest.mark.django_db
def test_patching_a_team_keeps_what_it_does_not_name(world, api_for):
    team = world.a.plc_team
    members = set(team.members.values_list("pk", flat=True))
    response = api_for(world.a.principal).patch(
        url("api-plc-team-detail", world.a, team_id=team.pk),
        {"name": "Grade 3 math"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    team.refresh_from_db()
    assert team.name == "Grade 3 math"
    assert set(team.members.values_list("pk", flat=True)) == members
    assert team.facilitator == world.a.coach.educator
    other = api_for(world.a.principal).patch(
        url("api-plc-team-detail", world.a, team_id=team.pk),
        {"school": str(world.a.other_school.pk)},
        format="json",
    )
    assert other.status_code == 403  # not one of the principal's schools
