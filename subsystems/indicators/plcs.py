"""PLCs: time on planning lessons, meeting often, working on student work and rehearsal."""

from decimal import Decimal

from plcs.selectors import TimeUse, active_team_counts, meetings_between, time_use_by_school
from subsystems.indicators.registry import Evaluation, Ratio, Ratios, Subsystem, indicator


def _time_use(ev: Evaluation) -> dict[object, TimeUse]:
    """Per school, the window's PLC time use: one grouped query for the three indicators."""
    return ev.shared(
        "plc",
        lambda: time_use_by_school(meetings_between(ev.district, ev.window.start, ev.window.end)),
    )


@indicator(
    "plc_planning_share",
    Subsystem.PLCS,
    "PLC minutes on instructional planning",
    goal=50,
    records="plc_teams",
    note="Research baseline: 24 %.",
)
def plc_planning_share(ev: Evaluation) -> Ratios:
    return {
        school_id: Ratio(Decimal(use.planning), Decimal(use.minutes))
        for school_id, use in _time_use(ev).items()
        if school_id is not None
    }


@indicator(
    "plc_meetings_per_team_month",
    Subsystem.PLCS,
    "Meetings per team per month",
    unit="per month",
    goal=3,
    records="plc_teams",
)
def plc_meetings_per_team_month(ev: Evaluation) -> Ratios:
    uses = _time_use(ev)
    return {
        school_id: Ratio(
            Decimal(uses[school_id].meetings if school_id in uses else 0),
            Decimal(teams) * ev.window.months,
        )
        for school_id, teams in active_team_counts(ev.district).items()
    }


@indicator(
    "plc_student_work_or_rehearsal",
    Subsystem.PLCS,
    "Meetings that analysed student work or rehearsed a lesson",
    goal=75,
    records="plc_teams",
)
def plc_student_work_or_rehearsal(ev: Evaluation) -> Ratios:
    return {
        school_id: Ratio(Decimal(use.deep_meetings), Decimal(use.meetings))
        for school_id, use in _time_use(ev).items()
        if school_id is not None
    }
