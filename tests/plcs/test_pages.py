from datetime import date

import pytest
from django.urls import reverse

from pl_hours.models import LedgerEntry
from plcs.models import PLCMeeting


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_a_meeting_whose_split_does_not_add_up_is_refused_with_the_difference(world, client_for):
    client = client_for(world.a.principal)
    before = (PLCMeeting.objects.count(), LedgerEntry.objects.count())
    response = client.post(
        page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk),
        {
            "date": "2026-10-06",
            "minutes": 50,
            "math_specific": "on",
            "minutes_logistics": 10,
            "minutes_instructional_planning": 30,
            "attendees": [world.a.teacher.educator.pk],
        },
    )
    assert response.status_code == 400
    assert "40 minutes, 10 fewer than the 50-minute duration" in response.content.decode()
    assert (PLCMeeting.objects.count(), LedgerEntry.objects.count()) == before


@pytest.mark.django_db
def test_recording_a_meeting_in_the_browser_updates_the_ledger(world, client_for):
    client = client_for(world.a.coach)
    response = client.post(
        page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk),
        {
            "date": "2026-10-06",
            "minutes": 50,
            "math_specific": "on",
            "minutes_logistics": 20,
            "minutes_instructional_planning": 30,
            "attendees": [world.a.teacher.educator.pk, world.a.teacher2.educator.pk],
            "rehearsed_lesson": "on",
        },
    )
    assert response.status_code == 302
    meeting = PLCMeeting.objects.get(date=date(2026, 10, 6))
    assert meeting.rehearsed_lesson
    rows = LedgerEntry.objects.filter(source_id=meeting.pk)
    assert sorted(rows.values_list("category", "minutes")) == sorted(
        [("logistics", 20), ("instructional_planning", 30)] * 2
    )


@pytest.mark.django_db
def test_the_meeting_form_wires_the_live_readout(world, client_for):
    body = (
        client_for(world.a.admin)
        .get(page("plc_meeting_create", world.a, team_id=world.a.plc_team.pk))
        .content.decode()
    )
    assert 'hx-get="' + page("split_readout", world.a) in body
    assert 'aria-live="polite"' in body
    # The team's members are ticked by default.
    assert f'value="{world.a.teacher.educator.pk}"' in body
