"""Coaching: focused on priorities, reaching math teachers, coaches' time on the bridge work."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from coaching.models import CoachingCycle, CoachingSession
from coaching.selectors import coach_totals
from districts.models import Educator
from pl_hours.selectors import participants
from subsystems.indicators.registry import (
    Evaluation,
    Ratio,
    Ratios,
    Subsystem,
    indicator,
    ratios_by_school,
    share_by_school,
)


@indicator(
    "coaching_focus",
    Subsystem.COACHING,
    "Coaching minutes in cycles focused on a priority",
    goal=80,
    records="coaching_caseload",
)
def coaching_focus(ev: Evaluation) -> Ratios:
    rows = (
        CoachingSession.objects.for_district(ev.district)
        .filter(date__range=(ev.window.start, ev.window.end))
        .values("cycle__school_id")
        .annotate(
            all=Sum("minutes"),
            focused=Sum("minutes", filter=Q(cycle__focus__isnull=False, cycle__focus__active=True)),
        )
    )
    return ratios_by_school(rows, "cycle__school_id", "focused", "all")


@indicator(
    "coaching_coverage",
    Subsystem.COACHING,
    "Math teachers in a coaching cycle this year",
    goal=30,
    records="coaching_caseload",
)
def coaching_coverage(ev: Evaluation) -> Ratios:
    in_a_cycle = Q(
        coaching_cycles__start_date__lte=ev.window.end,
        coaching_cycles__end_date__gte=ev.window.start,
    )
    return share_by_school(participants(ev.district), "school_id", in_a_cycle)


@indicator(
    "coach_bridge_time",
    Subsystem.COACHING,
    "Coach time on cycles, PLC facilitation and leader support",
    goal=70,
    records="coach_time",
)
def coach_bridge_time(ev: Evaluation) -> Ratios:
    # A school's coaches are those with cycles there in the window; their time is district-wide,
    # counted for coaches who logged their weeks.
    coaches_at = defaultdict(set)
    for school_id, coach_id in (
        CoachingCycle.objects.for_district(ev.district)
        .filter(start_date__lte=ev.window.end, end_date__gte=ev.window.start)
        .values_list("school_id", "coach_id")
        .distinct()
    ):
        coaches_at[school_id].add(coach_id)
    coaches = Educator.objects.for_district(ev.district).filter(
        pk__in={c for ids in coaches_at.values() for c in ids}
    )
    logged = {
        t.coach.pk: t
        for t in coach_totals(ev.district, coaches, ev.window.start, ev.window.end)
        if t.logged
    }
    result = {}
    for school_id, coach_ids in coaches_at.items():
        totals = [logged[c] for c in coach_ids if c in logged]
        if totals:
            result[school_id] = Ratio(
                Decimal(sum(t.bridge for t in totals)), Decimal(sum(t.total for t in totals))
            )
    return result
