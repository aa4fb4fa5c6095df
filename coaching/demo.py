"""Demo coaching: each coach runs a few cycles at their schools and logs their weeks."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from coaching.models import (
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    CycleStatus,
    CycleTeacher,
    SessionKind,
    SessionTeacher,
)
from coaching.services import coaching_notes_deliver
from districts.models import Membership, Position
from pl_hours.ledger import LedgerSource, ledger_regenerate_many
from pl_hours.rules import default_split, monday

KINDS = [
    SessionKind.PLANNING,
    SessionKind.MODELLING,
    SessionKind.CO_TEACHING,
    SessionKind.OBSERVATION,
    SessionKind.DEBRIEF,
]
GOALS = [
    "Students explain and compare strategies in the lesson closing.",
    "Use tape diagrams consistently when students model word problems.",
    "Plan questions that press students to justify, before each lesson.",
]


def seed(ctx) -> None:
    district, rng, year = ctx.district, ctx.rng, ctx.school_year
    coaches = [e for e in ctx.educators if e.position == Position.COACH]
    if not coaches:
        return
    teachers_by_school: dict = {}
    for e in ctx.educators:
        if e.position == Position.TEACHER and e.teaches_math:
            teachers_by_school.setdefault(e.school_id, []).append(e)
    demo_teachers = set(
        Membership.objects.for_district(district)
        .filter(role="teacher", educator__isnull=False)
        .values_list("educator_id", flat=True)
    )
    cycles, links, sessions, present, sources, weeks = [], [], [], [], [], []
    first_week = monday(year.start_date) + timedelta(weeks=2)
    for index, coach in enumerate(coaches):
        schools = ctx.schools[index :: len(coaches)]
        for school in schools:
            staff = teachers_by_school.get(school.pk, [])
            start = first_week + timedelta(weeks=rng.randint(0, 3))
            while start <= ctx.today and staff:
                group = rng.sample(staff, k=min(len(staff), rng.randint(1, 3)))
                # A demo teacher's login has cycles to open (no extra draw: numbers stay).
                mine = [t for t in staff if t.pk in demo_teachers]
                if mine and not any(t.pk in demo_teachers for t in group):
                    group[0] = mine[len(cycles) % len(mine)]
                end = start + timedelta(weeks=6) - timedelta(days=3)
                cycle = CoachingCycle(
                    district=district,
                    coach=coach,
                    school=school,
                    focus=rng.choice(ctx.priorities) if rng.random() < 0.8 else None,
                    goal=rng.choice(GOALS),
                    start_date=start,
                    end_date=end,
                    status=CycleStatus.COMPLETE if end < ctx.today else CycleStatus.ACTIVE,
                    next_session_on=ctx.today + timedelta(days=2) if end >= ctx.today else None,
                )
                cycles.append(cycle)
                links += [CycleTeacher(district=district, cycle=cycle, educator=t) for t in group]
                for week in range(6):
                    day = start + timedelta(weeks=week, days=rng.randint(0, 3))
                    if day > min(ctx.today, end):
                        break
                    minutes = rng.choice([30, 40, 45, 60])
                    split = default_split("coaching_session", minutes)
                    session = CoachingSession(
                        district=district,
                        cycle=cycle,
                        date=day,
                        minutes=minutes,
                        kind=KINDS[week % len(KINDS)],
                        priority=cycle.focus,
                        **{f"minutes_{c}": m for c, m in split.items()},
                    )
                    sessions.append(session)
                    present += [
                        SessionTeacher(district=district, session=session, educator=t)
                        for t in group
                    ]
                    sources.append(
                        (
                            LedgerSource(
                                kind="coaching_session",
                                id=session.pk,
                                title=f"Coaching: {session.get_kind_display().lower()} "
                                f"with {coach.full_name}",
                                date=day,
                                minutes=minutes,
                                split=split,
                                math_specific=True,
                                priority_id=cycle.focus.pk if cycle.focus else None,
                            ),
                            [(t.pk, minutes) for t in group],
                        )
                    )
                start = end + timedelta(days=10)
        week = first_week
        while week + timedelta(days=6) < ctx.today:
            bridge_minded = index % 2 == 0
            weeks.append(
                CoachWeek(
                    district=district,
                    coach=coach,
                    week_start=week,
                    plc_facilitation=rng.randint(90, 240) if bridge_minded else rng.randint(0, 60),
                    leader_support=rng.randint(30, 120) if bridge_minded else rng.randint(0, 30),
                    own_learning=rng.randint(30, 90),
                    administrative=rng.randint(60, 180) if bridge_minded else rng.randint(240, 480),
                    covering_classes=rng.randint(0, 60) if bridge_minded else rng.randint(120, 360),
                    other=rng.randint(0, 60),
                )
            )
            week += timedelta(weeks=1)
    CoachingCycle.objects.bulk_create(cycles, batch_size=1000)
    CycleTeacher.objects.bulk_create(links, batch_size=5000)
    CoachingSession.objects.bulk_create(sessions, batch_size=2000)
    SessionTeacher.objects.bulk_create(present, batch_size=5000)
    CoachWeek.objects.bulk_create(weeks, batch_size=2000)
    ledger_regenerate_many(district=district, activities=sources)
    _share_notes(ctx, sessions, links)


NOTES = [
    ("Planned the launch of the next lesson around one rich task.", "Try the launch Thursday."),
    ("Modelled a number talk; students compared two strategies.", "Run a number talk daily."),
    ("Debriefed the lesson: the closing ran short.", "Keep eight minutes for the closing."),
]


def _share_notes(ctx, sessions: list[CoachingSession], links: list[CycleTeacher]) -> None:
    """The demo teachers' logins received the notes of their latest coaching sessions (in
    the app only), as if their coach had shared them."""
    district = ctx.district
    rng = random.Random(f"{district.slug}-notes")  # leaves the other seeders' numbers alone
    with_login = set(
        Membership.objects.for_district(district)
        .filter(educator__isnull=False)
        .values_list("educator_id", flat=True)
    )
    mine: dict = {}  # the latest two sessions of each demo teacher's cycles
    for teacher_id in sorted(with_login, key=str):
        cycles = {link.cycle_id for link in links if link.educator_id == teacher_id}
        theirs = sorted((s for s in sessions if s.cycle_id in cycles), key=lambda s: s.date)
        mine.update((s.pk, s) for s in theirs[-2:])
    zone = ZoneInfo(district.time_zone)
    for session in mine.values():
        session.notes, session.next_steps = rng.choice(NOTES)
        session.shared_with_teachers = True
        session.save(update_fields=["notes", "next_steps", "shared_with_teachers"])
        at = min(datetime.combine(session.date, time(16, 0), tzinfo=zone), timezone.now())
        coaching_notes_deliver(district=district, session=session, email=False, at=at)
