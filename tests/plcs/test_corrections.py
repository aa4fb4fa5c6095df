"""A PLC meeting can be corrected: edited with its history kept, deleted after a
confirmation, and restored with its attendance and hours."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from pl_hours.models import LedgerEntry
from plcs.models import PLCAttendance, PLCMeeting


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def minutes_of(meeting):
    return LedgerEntry.objects.filter(source_id=meeting.pk).aggregate(m=Sum("minutes"))["m"]


@pytest.mark.django_db
def test_delete_asks_first_then_restore_brings_back_attendance_and_hours(world, client_for):
    a = world.a
    meeting = a.plc_meeting
    before = minutes_of(meeting)
    attendees = set(
        PLCAttendance.objects.filter(meeting=meeting).values_list("educator", flat=True)
    )
    client = client_for(a.principal)
    page = client.get(url("plc_meeting_delete", a, meeting_id=meeting.pk))
    assert page.status_code == 200 and "restored" in page.content.decode()
    assert PLCMeeting.objects.filter(pk=meeting.pk).exists()  # asking deletes nothing
    client.post(url("plc_meeting_delete", a, meeting_id=meeting.pk))
    assert not PLCMeeting.objects.filter(pk=meeting.pk).exists()
    assert minutes_of(meeting) is None
    team_page = client.get(url("plc_team_detail", a, team_id=a.plc_team.pk)).content.decode()
    assert "Recently deleted" in team_page and f"Meeting of {meeting.date:%b %-d, %Y}" in team_page

    client.post(url("plc_meeting_restore", a, meeting_id=meeting.pk))
    restored = PLCMeeting.objects.get(pk=meeting.pk)
    assert set(
        PLCAttendance.objects.filter(meeting=restored).values_list("educator", flat=True)
    ) == (attendees)
    assert minutes_of(restored) == before
    history = client.get(url("plc_meeting_edit", a, meeting_id=meeting.pk)).content.decode()
    assert "Restored" in history and "Deleted" not in history.split("History")[0]


@pytest.mark.django_db
def test_an_edit_is_in_the_history_with_its_author(world, client_for):
    a = world.a
    meeting = a.plc_meeting
    client = client_for(a.principal)
    data = {
        "date": meeting.date.isoformat(),
        "minutes": 60,
        "math_specific": "on",
        "minutes_logistics": 10,
        "minutes_pacing": 0,
        "minutes_surface_strategies": 0,
        "minutes_unfocused_talk": 0,
        "minutes_instructional_planning": 50,
        "attendees": [a.teacher.educator.pk],
    }
    response = client.post(url("plc_meeting_edit", a, meeting_id=meeting.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url("plc_meeting_edit", a, meeting_id=meeting.pk)).content.decode()
    assert "Minutes: 45 → 60" in page
    changes = page.split("History")[1]
    assert "Principal" in changes
    assert "Removed" in changes and a.teacher2.educator.full_name in changes
