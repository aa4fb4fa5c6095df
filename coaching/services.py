import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import (
    ENTERED_DUTIES,
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    CycleTeacher,
    SessionReceipt,
    SessionTeacher,
)
from districts.models import District, Educator, Membership, Position, Priority, School
from districts.selectors import member_of_educator
from districts.services import (
    ensure_open_record,
    ensure_pl_date,
    ensure_same_district,
    link_educators,
)
from notices.models import Kind, Topic
from notices.services import notice_send
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
    next_steps: str = "",
    shared_with_teachers: bool = False,
) -> CoachingSession:
    """Save a coaching session and feed the ledger of the teachers present.

    By default every teacher of the cycle was there, the time was all
    instructional planning, and the session serves the cycle's focus. Shared, its notes and
    next steps go to the cycle's teachers (``coaching_notes_deliver``).
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
    if (
        session is not None
        and not shared_with_teachers
        and SessionReceipt.objects.for_district(district).filter(session=session).exists()
    ):
        errors["shared_with_teachers"] = [
            "The notes have reached the teachers already; they cannot be taken back."
        ]
    if errors:
        raise ValidationError(errors)
    split = split or default_split("coaching_session", minutes)
    check_split(split, minutes)
    ensure_pl_date(district, date)
    session = session or CoachingSession(district=district)
    session.cycle, session.date, session.kind, session.minutes = cycle, date, kind, minutes
    session.math_specific, session.notes = math_specific, notes
    session.next_steps, session.shared_with_teachers = next_steps, shared_with_teachers
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
    if shared_with_teachers:
        coaching_notes_deliver(district=district, session=session)
    return session


@transaction.atomic
def coaching_notes_deliver(
    *,
    district: District,
    session: CoachingSession,
    email: bool = True,
    at: datetime | None = None,
) -> list[Educator]:
    """Send a shared session's notes and next steps to each teacher of the cycle who has not
    received them: a notice in the app and an e-mail after the commit. A teacher without a
    login here cannot receive them yet; the next save of the session tries again. Returns
    who received them now. (``email`` False and ``at``: a delivery after the fact.)"""
    ensure_same_district(district, session)
    if not session.shared_with_teachers:
        return []
    cycle = session.cycle
    received = set(
        SessionReceipt.objects.for_district(district)
        .filter(session=session)
        .values_list("educator_id", flat=True)
    )
    present = list(
        SessionTeacher.objects.for_district(district)
        .filter(session=session)
        .values_list("educator_id", flat=True)
    )
    delivered = []
    for teacher in Educator.objects.for_district(district).filter(
        pk__in=CycleTeacher.objects.for_district(district).filter(cycle=cycle).values("educator_id")
    ):
        if teacher.pk in received:
            continue
        member = member_of_educator(district, teacher.pk)
        if member is None or not (
            CoachingSession.objects.visible_to(member).filter(pk=session.pk).exists()
        ):
            continue
        SessionReceipt.objects.create(
            district=district, session=session, educator=teacher, delivered_at=at or timezone.now()
        )
        notice_send(
            district=district,
            recipient=member,
            topic=Topic.FEEDBACK,
            kind=Kind.COACHING_NOTES,
            title=f"Notes of your coaching session on {session.date:%b %-d} ({cycle.coach})",
            key=f"coaching-notes:{session.pk}",
            path=session_path(district, session),
            context={
                "coach": cycle.coach.full_name,
                "date": f"{session.date:%b %-d, %Y}",
                "session_kind": session.get_kind_display(),
                "notes": session.notes,
                "next_steps": session.next_steps,
                "summary": f"Next steps: {session.next_steps}"
                if session.next_steps
                else "Open the session to read the notes and acknowledge them.",
            },
            about=[teacher.pk, *present],  # the notes are about everyone who was there
            email=email,
            at=at,
        )
        delivered.append(teacher)
    return delivered


def session_path(district: District, session: CoachingSession) -> str:
    """A session on its cycle's page."""
    return reverse("coaching_cycle", args=[district.slug, session.cycle_id]) + (
        f"#session-{session.pk}"
    )


@transaction.atomic
def coaching_notes_acknowledge(
    *,
    district: District,
    session: CoachingSession,
    membership: Membership,
    reflection: str = "",
) -> SessionReceipt:
    """A teacher acknowledges the notes they received, with a short reflection (which they
    may rewrite); the coach hears of it once."""
    ensure_same_district(district, session, membership)
    receipt = (
        SessionReceipt.objects.for_district(district)
        .filter(session=session, educator_id=membership.educator_id)
        .select_related("educator")
        .first()
        if membership.educator_id is not None
        else None
    )
    if receipt is None:
        raise PermissionDenied("Only a teacher who received the notes acknowledges them.")
    ensure_open_record(session, district=district)
    first_time = receipt.acknowledged_at is None
    if first_time:
        receipt.acknowledged_at = timezone.now()
    receipt.reflection = reflection.strip()
    receipt.full_clean()
    receipt.save()
    coach = member_of_educator(district, session.cycle.coach_id)
    if first_time and coach is not None:
        notice_send(
            district=district,
            recipient=coach,
            topic=Topic.REPLY,
            kind=Kind.FEEDBACK_ACKNOWLEDGED,
            title=f"{receipt.educator} acknowledged the notes of {session.date:%b %-d}",
            key=f"coaching-acknowledged:{session.pk}:{receipt.educator_id}",
            path=session_path(district, session),
            context={
                "teacher": str(receipt.educator),
                "what": f"the notes of your coaching session on {session.date:%b %-d, %Y}",
                "reflection": receipt.reflection,
                "summary": receipt.reflection,
            },
            about=[receipt.educator_id],
        )
    return receipt


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
