"""School leadership: leaders in math classrooms, with coaches, feedback to teachers."""

from decimal import Decimal

from django.db.models import Count, Q

from districts.models import LEADER_POSITIONS, Educator
from subsystems.indicators.registry import (
    Evaluation,
    Ratio,
    Ratios,
    Subsystem,
    indicator,
    ratios_by_school,
)
from subsystems.models import Walkthrough


def _walkthroughs(ev: Evaluation) -> dict:
    """Per school: visits (a calibration record does not count twice), co-observed visits,
    visits to a teacher, those whose feedback reached the teacher, and math visits by school
    leaders — one grouped query shared by the three leadership indicators."""

    def compute() -> dict:
        rows = (
            Walkthrough.objects.for_district(ev.district)
            .filter(date__range=(ev.window.start, ev.window.end), same_visit_as__isnull=True)
            .values("school_id")
            .annotate(
                all=Count("pk"),
                together=Count("pk", filter=Q(co_observer__isnull=False)),
                to_teacher=Count("pk", filter=Q(teacher__isnull=False)),
                # Shared means delivered: a ticked box that never reached the teacher is not.
                shared=Count(
                    "pk", filter=Q(teacher__isnull=False, feedback_delivered_at__isnull=False)
                ),
                by_leaders=Count(
                    "pk", filter=Q(math_specific=True, observer__position__in=LEADER_POSITIONS)
                ),
            )
            .order_by()
        )
        return {row["school_id"]: row for row in rows}

    return ev.shared("walkthroughs", compute)


@indicator(
    "walkthroughs_per_leader_month",
    Subsystem.LEADERSHIP,
    "Math walkthroughs per leader per month",
    unit="per month",
    goal=4,
    records="walkthrough_list",
)
def walkthroughs_per_leader_month(ev: Evaluation) -> Ratios:
    visits = _walkthroughs(ev)
    leaders = dict(
        Educator.objects.for_district(ev.district)
        .filter(position__in=LEADER_POSITIONS, active=True, school__isnull=False)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return {
        school_id: Ratio(
            Decimal(visits[school_id]["by_leaders"] if school_id in visits else 0),
            Decimal(count) * ev.window.months,
        )
        for school_id, count in leaders.items()
    }


@indicator(
    "walkthroughs_co_observed",
    Subsystem.LEADERSHIP,
    "Walkthroughs co-observed with a coach",
    goal=25,
    records="walkthrough_list",
)
def walkthroughs_co_observed(ev: Evaluation) -> Ratios:
    return ratios_by_school(_walkthroughs(ev).values(), "school_id", "together", "all")


@indicator(
    "walkthroughs_feedback",
    Subsystem.LEADERSHIP,
    "Walkthroughs with feedback shared",
    goal=90,
    records="walkthrough_list",
)
def walkthroughs_feedback(ev: Evaluation) -> Ratios:
    rows = [r for r in _walkthroughs(ev).values() if r["to_teacher"]]
    return ratios_by_school(rows, "school_id", "shared", "to_teacher")
