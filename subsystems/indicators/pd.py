"""Pull-out PD: its minutes are meaningful and its sessions serve a priority."""

from collections import defaultdict

from django.db.models import Count

from pl_hours.models import SPLIT_FIELDS
from pl_hours.rules import MEANINGFUL, apportion
from subsystems.indicators.registry import (
    Evaluation,
    Ratios,
    Subsystem,
    indicator,
    ratios_by_school,
)
from subsystems.models import PDAttendance


def _pd_by_school(ev: Evaluation) -> dict:
    """Per school: PD minutes, meaningful minutes, sessions and sessions tied to an active
    priority — one grouped query shared by the two PD indicators.

    It reads attendance (a row per attendee) rather than the ledger (a row per attendee
    and category), grouped in SQL by school, session and attended minutes; each distinct
    attendance is apportioned by the ledger's own largest-remainder rule, so the minutes
    equal the ledger's exactly.
    """

    def compute() -> dict:
        split_fields = list(SPLIT_FIELDS.values())
        rows = (
            PDAttendance.objects.for_district(ev.district)
            .filter(session__date__range=(ev.window.start, ev.window.end))
            .values(
                "educator__school_id",
                "session_id",
                "attended_minutes",
                "session__math_specific",
                "session__priority__active",
                *(f"session__{f}" for f in split_fields),
            )
            .annotate(attendees=Count("pk"))
            .order_by()
        )
        by_school: dict = defaultdict(
            lambda: {"total": 0, "meaningful": 0, "sessions": set(), "tied": set()}
        )
        planning_for: dict = {}
        for row in rows:
            school = by_school[row["educator__school_id"]]
            session, attended, n = row["session_id"], row["attended_minutes"], row["attendees"]
            key = (session, attended)
            if key not in planning_for:
                split = {c: row[f"session__{f}"] for c, f in SPLIT_FIELDS.items()}
                # The services wrote the ledger from this same split (validated to add up
                # to the session's minutes); apportion it without validating again, so a
                # stored session can never stop the dashboard.
                planning_for[key] = (
                    apportion(split, attended)[MEANINGFUL]
                    if row["session__math_specific"] and any(split.values())
                    else 0
                )
            school["total"] += attended * n
            school["meaningful"] += planning_for[key] * n
            school["sessions"].add(session)
            if row["session__priority__active"]:
                school["tied"].add(session)
        return {
            school_id: {
                "total": figures["total"],
                "meaningful": figures["meaningful"],
                "sessions": len(figures["sessions"]),
                "tied": len(figures["tied"]),
                "school_id": school_id,
            }
            for school_id, figures in by_school.items()
        }

    return ev.shared("pd", compute)


@indicator(
    "pd_meaningful_share",
    Subsystem.PD,
    "PD minutes that are meaningful",
    goal=60,
    records="pd_sessions",
)
def pd_meaningful_share(ev: Evaluation) -> Ratios:
    rows = _pd_by_school(ev).values()
    return ratios_by_school(rows, "school_id", "meaningful", "total")


@indicator(
    "pd_tied_to_priority",
    Subsystem.PD,
    "PD sessions tied to a priority",
    goal=100,
    records="pd_sessions",
)
def pd_tied_to_priority(ev: Evaluation) -> Ratios:
    rows = _pd_by_school(ev).values()
    return ratios_by_school(rows, "school_id", "tied", "sessions")
