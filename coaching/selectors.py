"""Reads for coaching pages: caseloads, cycle timelines, how coaches spend their time."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import TruncWeek

from coaching.models import (
    BRIDGE_DUTIES,
    ENTERED_DUTIES,
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    CycleStatus,
    Duty,
    SessionReceipt,
    SessionTeacher,
)
from districts.corrections import Change, change_log, recently_deleted
from districts.models import District, Educator, Membership
from pl_hours.rules import monday


def cycles_for_page(membership: Membership) -> QuerySet[CoachingCycle]:
    return (
        CoachingCycle.objects.visible_to(membership)
        .select_related("coach", "school", "focus")
        .prefetch_related("teachers")
        .annotate(
            session_count=Count("sessions", distinct=True), last_session=Max("sessions__date")
        )
        .order_by("status", "-start_date")
    )


@dataclass
class DutyMinutes:
    """A coach's minutes per duty (cycles from the recorded sessions)."""

    minutes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    @property
    def bridge(self) -> int:
        """Minutes on cycles, PLC facilitation and leader support."""
        return sum(self.minutes[d] for d in BRIDGE_DUTIES)

    @property
    def bridge_share(self) -> float | None:
        return self.bridge / self.total if self.total else None


@dataclass
class WeekOfTime(DutyMinutes):
    week_start: date
    entered: bool


def session_minutes_by_week(
    district: District, coaches: Iterable[Educator], start: date, end: date
) -> dict[tuple[Any, date], int]:
    """(coach id, Monday) → minutes of coaching sessions, summed in SQL."""
    rows = (
        CoachingSession.objects.for_district(district)
        .filter(cycle__coach__in=coaches, date__range=(start, end))
        .annotate(week=TruncWeek("date"))
        .values("cycle__coach_id", "week")
        .annotate(minutes=Sum("minutes"))
    )
    return {(r["cycle__coach_id"], _as_date(r["week"])): r["minutes"] for r in rows}


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def coach_weeks(district: District, coach: Educator, weeks: int, today: date) -> list[WeekOfTime]:
    """A coach's last weeks, newest first: entered duties plus minutes from sessions."""
    last = monday(today)
    first = last - timedelta(weeks=weeks - 1)
    sessions = session_minutes_by_week(district, [coach], first, last + timedelta(days=6))
    entered = {
        w.week_start: w
        for w in CoachWeek.objects.for_district(district).filter(
            coach=coach, week_start__range=(first, last)
        )
    }
    result = []
    for n in range(weeks):
        week = last - timedelta(weeks=n)
        row = entered.get(week)
        minutes: dict[str, int] = {Duty.CYCLES: sessions.get((coach.pk, week), 0)}
        minutes.update({d: getattr(row, d) if row else 0 for d in ENTERED_DUTIES})
        result.append(WeekOfTime(week_start=week, minutes=minutes, entered=row is not None))
    return result


@dataclass
class CoachTotals(DutyMinutes):
    coach: Educator
    logged: bool  # the coach entered at least one week in the window


def coach_totals(
    district: District, coaches: Iterable[Educator], start: date, end: date
) -> list[CoachTotals]:
    """Every coach's minutes per duty over a window, in two queries."""
    coaches = list(coaches)
    sessions = (
        CoachingSession.objects.for_district(district)
        .filter(cycle__coach__in=coaches, date__range=(start, end))
        .values("cycle__coach_id")
        .annotate(minutes=Sum("minutes"))
    )
    cycle_minutes = {r["cycle__coach_id"]: r["minutes"] for r in sessions}
    entered = (
        CoachWeek.objects.for_district(district)
        .filter(coach__in=coaches, week_start__range=(monday(start), end))
        .values("coach_id")
        .annotate(**{d: Sum(d) for d in ENTERED_DUTIES})
    )
    entered_by_coach: dict[Any, Mapping[str, Any]] = {r["coach_id"]: r for r in entered}
    result = []
    for coach in coaches:
        row = entered_by_coach.get(coach.pk, {})
        minutes: dict[str, int] = {Duty.CYCLES: cycle_minutes.get(coach.pk, 0)}
        minutes.update({d: row.get(d) or 0 for d in ENTERED_DUTIES})
        result.append(CoachTotals(coach=coach, minutes=minutes, logged=bool(row)))
    return result


def session_counts(district: District, start: date, end: date) -> dict[str, int]:
    """How many coaching sessions a window had, and in how many cycles."""
    return (
        CoachingSession.objects.for_district(district)
        .filter(date__range=(start, end))
        .aggregate(sessions=Count("pk"), cycles=Count("cycle", distinct=True))
    )


def deleted_sessions(cycle: CoachingCycle) -> list:
    """The cycle's sessions deleted in the days they can be restored, newest first."""
    return recently_deleted(CoachingSession, cycle.district, rows={"cycle_id": cycle.pk})


def session_history(session: CoachingSession) -> list[Change]:
    return change_log(session, [(SessionTeacher, "session", "educator")])


def receipts_by_session(cycle: CoachingCycle) -> dict[Any, list[SessionReceipt]]:
    """Who received each of a cycle's shared sessions, and their acknowledgements: one
    query."""
    found: dict[Any, list[SessionReceipt]] = {}
    for receipt in (
        SessionReceipt.objects.for_district(cycle.district_id)
        .filter(session__cycle=cycle)
        .select_related("educator", "session")
        .order_by("educator__last_name", "educator__first_name")
    ):
        found.setdefault(receipt.session_id, []).append(receipt)
    return found


CLOSING_NOTE_DAYS = 7  # a cycle ending within a week wants its closing (outcome) note


def cycles_closing_without_note(district: District, today: date) -> QuerySet[CoachingCycle]:
    """Open cycles that end within a week and have no closing note yet."""
    return (
        CoachingCycle.objects.for_district(district)
        .filter(
            status__in=[CycleStatus.PLANNED, CycleStatus.ACTIVE],
            end_date__range=(today, today + timedelta(days=CLOSING_NOTE_DAYS)),
            outcome="",
        )
        .select_related("coach", "school")
        .prefetch_related("teachers")
        .order_by("end_date")
    )
