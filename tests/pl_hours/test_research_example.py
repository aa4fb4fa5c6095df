"""The research's worked example, end to end through the real activity services.

One teacher's year: a 5-hour full PD day, a 2.5-hour half day, and 12.77 hours of
PLC, staff and curriculum time (8 h of PLCs, 2 h of staff meetings, 2 h 46 min of
curriculum sessions: 766 whole minutes), every activity split in the research's
proportions (35 % logistics, 8 % pacing, 24 % surface strategies, 8 % unfocused
talk, 24 % planning; they add up to 99 %, so shares are taken of 99).

By hand, planning minutes by largest remainder:
  PD day 300 min → 72.73 exact → floors leave 2 minutes; surface and planning tie
                    on .727 and both get one → 73
  half day 150 → 36.36 → 1 minute left; surface wins the tie → 36
  PLCs 480 → 116.36 → 3 left go to pacing, unfocused (.788) and logistics (.697) → 116
  staff 120 → 29.09 → 2 left go to pacing and unfocused (.697) → 29
  curriculum 166 → 40.24 → 2 left go to logistics (.687) and pacing (.414) → 40
  meaningful = 73 + 36 + 116 + 29 + 40 = 294 minutes = 4.90 hours
of 300 + 150 + 480 + 120 + 166 = 1216 minutes = 20.27 hours in all.
"""

from datetime import date
from decimal import Decimal

import pytest

from pl_hours import selectors
from pl_hours.rollups import rollups_recompute
from pl_hours.rules import RESEARCH_SPLIT, apportion
from pl_hours.services import other_activity_save
from plcs.services import plc_meeting_record, plc_team_save
from subsystems.pd.services import pd_attendance_set, pd_session_save


@pytest.mark.django_db
def test_a_typical_year_gives_about_4_9_meaningful_hours(cast, travel):
    district, teacher = cast.a.district, cast.a.teacher.educator
    travel(date(2027, 6, 30))  # the year is over: every activity has happened

    def research(minutes):
        return apportion(RESEARCH_SPLIT, minutes)

    for title, fmt, minutes, day in [
        ("Opening PD day", "full_day", 300, date(2026, 8, 24)),
        ("Mid-year half day", "half_day", 150, date(2027, 1, 18)),
    ]:
        session = pd_session_save(
            district=district,
            title=title,
            date=day,
            format=fmt,
            minutes=minutes,
            split=research(minutes),
        )
        pd_attendance_set(district=district, session=session, attendance={teacher.pk: None})

    team = plc_team_save(district=district, school=cast.a.school, name="Grade 4", members=[teacher])
    plc_meeting_record(
        district=district, team=team, date=date(2026, 10, 5), minutes=480, split=research(480)
    )
    for kind, minutes, day in [
        ("staff_meeting", 120, date(2026, 11, 2)),
        ("curriculum_session", 166, date(2026, 12, 7)),
    ]:
        other_activity_save(
            district=district,
            kind=kind,
            title=kind,
            date=day,
            minutes=minutes,
            math_specific=True,
            priority=None,
            school=cast.a.school,
            split=research(minutes),
            attendance={teacher.pk: None},
        )

    rollups_recompute(district=district)
    year = selectors.year_in_view(district, today=date(2027, 6, 30))
    hours = selectors.educator_hours(year, teacher)
    assert hours.minutes["total"] == 1216
    assert hours.minutes["meaningful"] == 294
    assert hours.total_hours == Decimal("20.27")
    assert hours.meaningful_hours == Decimal("4.90")
    # A tenth of the 49-hour target.
    assert hours.status == "off_track"
