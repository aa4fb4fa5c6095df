"""Writes of PLC teams and meetings; a meeting's save regenerates its attendees' ledger rows."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from districts.models import District, Educator, Priority, School
from districts.services import ensure_pl_date, ensure_same_district, link_educators
from pl_hours.ledger import activity_delete, activity_restore, activity_save, check_split
from pl_hours.models import SourceKind
from plcs.models import PLCAttendance, PLCMeeting, PLCMember, PLCTeam


@transaction.atomic
def plc_team_save(
    *,
    district: District,
    team: PLCTeam | None = None,
    school: School,
    name: str,
    grade_band: str = "",
    facilitator: Educator | None = None,
    members: Iterable[Educator] = (),
    active: bool = True,
) -> PLCTeam:
    members = list(members)
    ensure_same_district(district, team, school, facilitator, *members)
    team = team or PLCTeam(district=district)
    team.school, team.name, team.grade_band = school, name, grade_band
    team.facilitator, team.active = facilitator, active
    team.full_clean()
    team.save()
    link_educators(PLCMember, district=district, parent={"team": team}, educators=members)
    return team


def meeting_title(team: PLCTeam) -> str:
    return f"{team.name} PLC meeting"


@transaction.atomic
def plc_meeting_record(
    *,
    district: District,
    meeting: PLCMeeting | None = None,
    team: PLCTeam,
    date: date,
    minutes: int,
    math_specific: bool = True,
    priority: Priority | None = None,
    split: dict[str, int],
    attendees: Iterable[Educator] | None = None,
    analysed_student_work: bool = False,
    rehearsed_lesson: bool = False,
    examined_representations: bool = False,
    deepened_content_knowledge: bool = False,
    upcoming_unit: str = "",
    notes: str = "",
) -> PLCMeeting:
    """Save a PLC meeting and regenerate its ledger rows, in one transaction.

    Attendees default to the team's members; each attended the whole meeting.
    """
    attendees = list(team.members.all()) if attendees is None else list(attendees)
    ensure_same_district(district, meeting, team, priority, *attendees)
    ensure_pl_date(district, date)
    check_split(split, minutes)
    meeting = meeting or PLCMeeting(district=district)
    meeting.team, meeting.date, meeting.minutes = team, date, minutes
    meeting.math_specific, meeting.priority, meeting.split = math_specific, priority, split
    meeting.analysed_student_work = analysed_student_work
    meeting.rehearsed_lesson = rehearsed_lesson
    meeting.examined_representations = examined_representations
    meeting.deepened_content_knowledge = deepened_content_knowledge
    meeting.upcoming_unit, meeting.notes = upcoming_unit, notes
    activity_save(
        meeting,
        district=district,
        kind=SourceKind.PLC_MEETING,
        title=meeting_title(team),
        attendance=[(educator.pk, minutes) for educator in attendees],
    )
    link_educators(
        PLCAttendance, district=district, parent={"meeting": meeting}, educators=attendees
    )
    return meeting


@transaction.atomic
def plc_meeting_delete(*, district: District, meeting: PLCMeeting) -> None:
    ensure_same_district(district, meeting)
    activity_delete(meeting, district=district, kind=SourceKind.PLC_MEETING)


@transaction.atomic
def plc_meeting_restore(*, district: District, meeting_id: uuid.UUID) -> PLCMeeting:
    """Bring a deleted meeting back, with who attended and their hours."""
    return activity_restore(
        PLCMeeting,
        district=district,
        pk=meeting_id,
        kind=lambda _: SourceKind.PLC_MEETING,
        title=lambda meeting: meeting_title(meeting.team),
        attendance=lambda meeting: [
            (educator_id, meeting.minutes)
            for educator_id in PLCAttendance.objects.for_district(district)
            .filter(meeting=meeting)
            .values_list("educator_id", flat=True)
        ],
    )
