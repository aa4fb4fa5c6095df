import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coaching.models import (
    ENTERED_DUTIES,
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    CycleTeacher,
    SessionTeacher,
)
from districts.models import District, Educator, Position, Priority, School
from districts.services import ensure_pl_date, ensure_same_district, link_educators
from pl_hours.ledger import activity_delete, activity_restore, activity_save, check_split
from pl_hours.models import SourceKind
from pl_hours.rules import default_split, monday


@transaction.atomic
def coaching_cycle_save(
    *,
    district: District,
    cycle: CoachingCycle | None = None,
    coach: Educator,
    school: School,
    teachers: Iterable[Educator],
    goal: str,
    start_date: date,
    end_date: date,
    focus: Priority | None = None,
    status: str = "active",
    next_session_on: date | None = None,
    outcome: str = "",
) -> CoachingCycle:
    teachers = list(teachers)
    ensure_same_district(district, cycle, coach, school, focus, *teachers)
    errors = {}
    if coach.position != Position.COACH:
        errors["coach"] = [f"{coach} is not a coach on the roster."]
    if not teachers:
        errors["teachers"] = ["Choose at least one teacher."]
    elsewhere = [t.full_name for t in teachers if t.school_id != school.pk]
    if elsewhere:
        errors["teachers"] = [f"Not at {school}: {', '.join(elsewhere)}."]
    if end_date < start_date:
        errors["end_date"] = ["The cycle cannot end before it starts."]
    if cycle is not None and not errors:
        outside = cycle.sessions.exclude(date__range=(start_date, end_date)).count()
        if outside:
            errors["start_date"] = [
                f"{outside} recorded session{'s' if outside != 1 else ''} would fall outside "
                "these dates. Move or delete them first."
            ]
    if errors:
        raise ValidationError(errors)
    cycle = cycle or CoachingCycle(district=district)
    cycle.coach, cycle.school, cycle.goal = coach, school, goal
    cycle.start_date, cycle.end_date, cycle.focus = start_date, end_date, focus
    cycle.status, cycle.next_session_on, cycle.outcome = status, next_session_on, outcome
    cycle.full_clean()
    cycle.save()
    link_educators(CycleTeacher, district=district, parent={"cycle": cycle}, educators=teachers)
    return cycle


def session_title(session: CoachingSession) -> str:
    return f"Coaching: {session.get_kind_display().lower()} with {session.cycle.coach}"


@transaction.atomic
def coaching_session_record(
    *,
    district: District,
    session: CoachingSession | None = None,
    cycle: CoachingCycle,
    date: date,
    kind: str,
    minutes: int,
    teachers_present: Iterable[Educator] | None = None,
    split: dict[str, int] | None = None,
    math_specific: bool = True,
    priority: Priority | None = None,
    notes: str = "",
) -> CoachingSession:
    """Save a coaching session and feed the ledger of the teachers present.

    By default every teacher of the cycle was there, the time was all
    instructional planning, and the session serves the cycle's focus.
    """
    cycle_teachers = list(cycle.teachers.all())
    present = cycle_teachers if teachers_present is None else list(teachers_present)
    ensure_same_district(district, session, cycle, priority, *present)
    errors = {}
    if minutes is None or minutes < 1:
        errors["minutes"] = ["A session lasts at least 1 minute."]
    if not cycle.start_date <= date <= cycle.end_date:
        errors["date"] = [
            f"The cycle runs from {cycle.start_date:%b %-d} to {cycle.end_date:%b %-d, %Y}; "
            "this date is outside it."
        ]
    strangers = [t.full_name for t in present if t not in cycle_teachers]
    if strangers:
        errors["teachers_present"] = [f"Not in this cycle: {', '.join(strangers)}."]
    if not present:
        errors["teachers_present"] = ["Tick at least one teacher who was there."]
    if errors:
        raise ValidationError(errors)
    split = split or default_split("coaching_session", minutes)
    check_split(split, minutes)
    ensure_pl_date(district, date)
    session = session or CoachingSession(district=district)
    session.cycle, session.date, session.kind, session.minutes = cycle, date, kind, minutes
    session.math_specific, session.notes = math_specific, notes
    session.priority = priority if priority is not None else cycle.focus
    session.split = split
    activity_save(
        session,
        district=district,
        kind=SourceKind.COACHING_SESSION,
        title=session_title(session),
        attendance=[(t.pk, minutes) for t in present],
    )
    link_educators(
        SessionTeacher, district=district, parent={"session": session}, educators=present
    )
    return session


@transaction.atomic
def coaching_session_delete(*, district: District, session: CoachingSession) -> None:
    ensure_same_district(district, session)
    activity_delete(session, district=district, kind=SourceKind.COACHING_SESSION)


@transaction.atomic
def coaching_session_restore(*, district: District, session_id: uuid.UUID) -> CoachingSession:
    """Bring a deleted session back, with the teachers who were there and their hours."""
    return activity_restore(
        CoachingSession,
        district=district,
        pk=session_id,
        kind=lambda _: SourceKind.COACHING_SESSION,
        title=session_title,
        attendance=lambda session: [
            (educator_id, session.minutes)
            for educator_id in SessionTeacher.objects.for_district(district)
            .filter(session=session)
            .values_list("educator_id", flat=True)
        ],
    )


@transaction.atomic
def coach_week_save(
    *, district: District, coach: Educator, week_start: date, **minutes: Any
) -> CoachWeek:
    """Record the minutes a coach spent on each entered duty in one week (upsert)."""
    ensure_same_district(district, coach)
    unknown = set(minutes) - set(ENTERED_DUTIES) - {"note"}
    if unknown:
        raise ValidationError(f"Unknown duties: {', '.join(sorted(unknown))}.")
    negative = [d for d in ENTERED_DUTIES if (minutes.get(d) or 0) < 0]
    if negative:
        raise ValidationError({d: ["Minutes cannot be negative."] for d in negative})
    week, _ = CoachWeek.objects.for_district(district).get_or_create(
        district=district, coach=coach, week_start=monday(week_start)
    )
    for duty in ENTERED_DUTIES:
        setattr(week, duty, minutes.get(duty) or 0)
    week.note = minutes.get("note", "")
    week.full_clean()
    week.save()
    return week
