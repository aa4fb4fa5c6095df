"""Demo PLC teams and a year (so far) of weekly meetings, with varied time use by school."""

from datetime import timedelta
from decimal import Decimal

from districts.models import BreakWeek, Position
from pl_hours.ledger import LedgerSource, ledger_regenerate_many
from pl_hours.rules import apportion, completed_weeks, instructional_weeks
from plcs.models import PLCAttendance, PLCMeeting, PLCMember, PLCTeam

# (meetings a week, minutes, share of planning): from the research's typical school
# to schools that already protect real planning time.
PROFILES = [
    (1, 45, Decimal("0.15")),
    (1, 45, Decimal("0.24")),
    (1, 60, Decimal("0.35")),
    (2, 45, Decimal("0.50")),
    (2, 60, Decimal("0.65")),
    (1, 45, Decimal("0.24")),
]
TEAM_SIZE = 6


def split_for(rng, minutes: int, planning_share: Decimal) -> dict[str, int]:
    planning = max(Decimal(0), min(Decimal(1), planning_share + Decimal(rng.randint(-8, 8)) / 100))
    rest = 1 - planning
    weights = {
        "logistics": rest * Decimal("0.45"),
        "pacing": rest * Decimal("0.15"),
        "surface_strategies": rest * Decimal("0.30"),
        "unfocused_talk": rest * Decimal("0.10"),
        "instructional_planning": planning,
    }
    return apportion(weights, minutes)


def seed(ctx) -> None:
    district, rng = ctx.district, ctx.rng
    year = ctx.school_year
    breaks = set(
        BreakWeek.objects.for_district(district)
        .filter(school_year=year)
        .values_list("week_start", flat=True)
    )
    weeks = completed_weeks(instructional_weeks(year.start_date, year.end_date, breaks), ctx.today)
    teams, members, meetings, attendance, sources = [], [], [], [], []
    for index, school in enumerate(ctx.schools):
        per_week, minutes, share = PROFILES[index % len(PROFILES)]
        staff = [
            e
            for e in ctx.educators
            if e.school_id == school.pk
            and e.teaches_math
            and e.position in (Position.TEACHER, Position.INTERVENTIONIST)
        ]
        for number, start in enumerate(range(0, len(staff), TEAM_SIZE), start=1):
            group = staff[start : start + TEAM_SIZE]
            team = PLCTeam(
                district=district,
                school=school,
                name=f"Math team {number}",
                grade_band=f"Grade {number - 1 if number > 1 else 'K'}"
                if school.grade_band == "elementary"
                else "Mathematics",
                facilitator=group[0],
            )
            teams.append(team)
            members += [PLCMember(district=district, team=team, educator=e) for e in group]
            for week in weeks:
                for meeting_number in range(per_week):
                    day = week + timedelta(days=1 + 2 * meeting_number)
                    split = split_for(rng, minutes, share)
                    meeting = PLCMeeting(
                        district=district,
                        team=team,
                        date=day,
                        minutes=minutes,
                        math_specific=True,
                        priority=rng.choice(ctx.priorities) if rng.random() < 0.6 else None,
                        analysed_student_work=rng.random() < float(share) + 0.1,
                        rehearsed_lesson=rng.random() < float(share) - 0.1,
                        examined_representations=rng.random() < 0.4,
                        deepened_content_knowledge=rng.random() < 0.3,
                        upcoming_unit=f"Unit {1 + (week - weeks[0]).days // 28}",
                        **{f"minutes_{c}": m for c, m in split.items()},
                    )
                    present = [e for e in group if rng.random() > 0.08]
                    meetings.append(meeting)
                    attendance += [
                        PLCAttendance(district=district, meeting=meeting, educator=e)
                        for e in present
                    ]
                    sources.append(
                        (
                            LedgerSource(
                                kind="plc_meeting",
                                id=meeting.pk,
                                title=f"{team.name} PLC meeting",
                                date=day,
                                minutes=minutes,
                                split=split,
                                math_specific=True,
                                priority_id=meeting.priority.pk if meeting.priority else None,
                            ),
                            [(e.pk, minutes) for e in present],
                        )
                    )
    PLCTeam.objects.bulk_create(teams, batch_size=1000)
    PLCMember.objects.bulk_create(members, batch_size=5000)
    PLCMeeting.objects.bulk_create(meetings, batch_size=2000)
    PLCAttendance.objects.bulk_create(attendance, batch_size=5000)
    ledger_regenerate_many(district=district, activities=sources)
