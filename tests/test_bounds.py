"""Every number that enters is bounded: the page, the API and the import refuse a value out
of bounds with a message saying what is allowed and write nothing; the database refuses it
too, should anything get past them."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coaching.models import CoachingSession, CoachWeek
from districts.bounds import (
    ACTIVITY_MINUTES,
    COACHING_SESSION_MINUTES,
    MANUAL_ENTRY_MINUTES,
    STUDENT_COUNT,
    WALKTHROUGH_MINUTES,
)
from districts.models import District, Educator, Priority
from pl_hours.models import LedgerEntry, ManualEntry, OtherActivity
from plcs.models import PLCMeeting
from subsystems.models import CheckIn, InterventionGroup, PDSession, Walkthrough


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def meeting_form(minutes, day="2026-10-06", notes="", planning=None):
    return {
        "date": day,
        "minutes": minutes,
        "math_specific": "on",
        "minutes_logistics": 0,
        "minutes_instructional_planning": minutes if planning is None else planning,
        "notes": notes,
    }


def written(world):
    return (PLCMeeting.objects.count(), LedgerEntry.objects.count(), ManualEntry.objects.count())


# --- Pages --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (meeting_form(721), ACTIVITY_MINUTES.message),
        (meeting_form(1_000_000_000_000), ACTIVITY_MINUTES.message),
        (meeting_form("45.5", planning="45.5"), "Enter a whole number."),
        (meeting_form("forty"), "Enter a whole number."),
        (meeting_form(45, day="2031-01-01"), "is in the future"),
        (meeting_form(45, day="2019-10-07"), "is not in one of the district's school years"),
        (meeting_form(45, notes="x" * 5001), "at most 5000 characters"),
    ],
)
def test_the_meeting_form_refuses_out_of_bounds_input_and_keeps_what_was_typed(
    world, client_for, data, message
):
    before = written(world)
    response = client_for(world.a.principal).post(
        page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk),
        {**data, "attendees": [world.a.teacher.educator.pk]},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body.replace("&#x27;", "'")
    assert f'value="{data["minutes"]}"' in body  # nothing typed is lost
    assert written(world) == before


@pytest.mark.django_db
def test_a_split_left_unassigned_is_refused(world, client_for):
    data = meeting_form(45)
    del data["minutes_logistics"], data["minutes_instructional_planning"]
    response = client_for(world.a.principal).post(
        page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk), data
    )
    assert response.status_code == 400
    assert "Say how the 45 minutes were used" in response.content.decode()


@pytest.mark.django_db
def test_a_new_meeting_starts_unassigned_or_from_the_last_meeting(world, client_for):
    client = client_for(world.a.principal)
    url = page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk)
    blank = client.get(url).content.decode()
    assert 'name="minutes_instructional_planning"' in blank
    assert 'name="minutes_instructional_planning" value' not in blank  # nothing assigned
    last = client.get(url, {"like": "last"}).content.decode()
    # The cast's meeting: 10 minutes of logistics, 35 of planning.
    assert 'name="minutes_instructional_planning" value="35"' in last
    assert 'name="minutes_logistics" value="10"' in last


@pytest.mark.django_db
def test_an_oversized_form_is_a_readable_413_with_a_way_back(world, client_for):
    client = client_for(world.a.principal)
    url = page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk)
    response = client.post(url, meeting_form(45, notes="x" * (5 * 1024 * 1024)), HTTP_REFERER=url)
    assert response.status_code == 413
    body = response.content.decode()
    assert "larger than Coherence accepts" in body and f'href="{url}"' in body


# --- API ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint, payload, field, message",
    [
        ("api-plc-meeting-list", {"minutes": 721}, "minutes", ACTIVITY_MINUTES.message),
        ("api-plc-meeting-list", {"minutes": 45.5}, "minutes", "A valid integer is required."),
        ("api-plc-meeting-list", {"date": "2031-01-06"}, "date", "is in the future"),
        ("api-plc-meeting-list", {"notes": "x" * 5001}, "notes", "no more than 5000"),
        (
            "api-manual-entry-list",
            {"minutes": 721},
            "minutes",
            MANUAL_ENTRY_MINUTES.message,
        ),
        (
            "api-manual-entry-list",
            {"date": "2040-01-02"},
            "date",
            "is in the future",
        ),
    ],
)
def test_the_api_refuses_out_of_bounds_input_in_drf_shape(
    world, api_for, endpoint, payload, field, message
):
    a = world.a
    base = {
        "api-plc-meeting-list": {
            "team": str(a.plc_team.pk),
            "date": "2026-10-07",
            "minutes": 40,
            "time_use": {"instructional_planning": 40},
        },
        "api-manual-entry-list": {
            "educator": str(a.teacher.educator.pk),
            "date": "2026-10-07",
            "description": "A course",
            "minutes": 60,
            "category": "instructional_planning",
        },
    }[endpoint]
    body = {**base, **payload}
    if "minutes" in payload and "time_use" in body:
        body["time_use"] = {"instructional_planning": payload["minutes"]}
    before = written(world)
    response = api_for(a.admin).post(page(endpoint, a), body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors and any(message in m for m in errors[field]), errors
    assert written(world) == before


@pytest.mark.django_db
def test_a_percentage_key_result_takes_0_to_100(world, api_for):
    a = world.a
    api = api_for(a.admin)
    kr = api.post(
        page("api-key-result-list", a),
        {
            "objective": str(a.objective.pk),
            "title": "Share of teachers",
            "baseline": "10",
            "target": "101",
            "unit": "%",
            "due_date": "2027-06-01",
        },
        format="json",
    )
    assert kr.status_code == 400 and "target" in kr.json()
    check_in = api.post(
        page("api-check-in-list", a),
        {"key_result": str(a.key_result.pk), "date": "2035-01-01", "value": "-500"},
        format="json",
    )
    assert check_in.status_code == 400
    assert set(check_in.json()) >= {"value"} or set(check_in.json()) >= {"date"}


@pytest.mark.django_db
def test_a_future_or_negative_check_in_is_refused_by_the_service(world):
    from django.core.exceptions import ValidationError

    from subsystems.plan.services import check_in_record

    a = world.a
    for day, value, field in [
        (date(2035, 1, 1), 5, "date"),
        (date(2026, 10, 1), -500, "value"),
    ]:
        with pytest.raises(ValidationError) as refused:
            check_in_record(
                district=a.district,
                key_result=a.key_result,
                date=day,
                value=value,
                confidence="on_track",
            )
        assert field in refused.value.message_dict


# --- Import -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, message",
    [
        ("x@a.org,Ann," + "B" * 101 + ",,teacher,yes,yes,", "last_name is 101 characters long"),
        ("x@a.org,Ann\x00,B,,teacher,yes,yes,", "holds a NUL byte"),
        ("x@a.org,Ann,B,,teacher,yes,yes,2026-13-01", "is not a date like"),
    ],
)
def test_the_roster_import_refuses_bad_values_by_row_and_writes_nothing(world, row, message):
    from districts.roster_import import RosterImportError, roster_import

    header = "email,first_name,last_name,school_code,position,teaches_math,active,start_date"
    before = Educator.objects.count()
    with pytest.raises(RosterImportError) as refused:
        roster_import(district=world.a.district, raw=f"{header}\n{row}\n".encode())
    assert any(message in error and error.startswith("Row 2") for error in refused.value.errors)
    assert Educator.objects.count() == before


# --- The database ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, field, value",
    [
        (PLCMeeting, "minutes", ACTIVITY_MINUTES.high + 1),
        (PDSession, "minutes", 0),
        (OtherActivity, "minutes", 10_000),
        (CoachingSession, "minutes", COACHING_SESSION_MINUTES.high + 1),
        (ManualEntry, "minutes", MANUAL_ENTRY_MINUTES.high + 1),
        (Walkthrough, "duration_minutes", WALKTHROUGH_MINUTES.high + 1),
        (InterventionGroup, "student_count", STUDENT_COUNT.high + 1),
        (CoachWeek, "other", 100_000),
        (CheckIn, "value", -500),
        (District, "pl_target_hours", 0),
        (Priority, "order", 5000),
        (PLCMeeting, "notes", "x" * 5001),
    ],
)
def test_the_database_refuses_what_slips_past(world, model, field, value):
    a = world.a
    rows = model.objects.all() if model is District else model.objects.filter(district=a.district)
    assert rows.exists(), model
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: value})


@pytest.mark.django_db
def test_a_split_that_does_not_add_up_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PLCMeeting.objects.filter(pk=world.a.plc_meeting.pk).update(minutes_logistics=11)


def test_every_bound_says_what_is_allowed():
    assert ACTIVITY_MINUTES.message == "Enter a whole number of minutes from 1 to 720."
    assert "1 to 60" in STUDENT_COUNT.message
