"""Vision & leadership: school goals serve the district's priorities; key results are kept."""

from datetime import timedelta

from django.db.models import Q

from subsystems.indicators.registry import Evaluation, Ratios, Subsystem, indicator, share_by_school
from subsystems.models import CHECK_IN_DAYS, KeyResult, SchoolGoal


@indicator(
    "school_goals_aligned",
    Subsystem.VISION,
    "School goals linked to a district priority",
    goal=100,
    records="school_goals",
)
def school_goals_aligned(ev: Evaluation) -> Ratios:
    goals = SchoolGoal.objects.for_district(ev.district)
    return share_by_school(goals, "school_id", Q(priorities__isnull=False))


@indicator(
    "key_results_checked_in",
    Subsystem.VISION,
    "Key results checked in within 30 days",
    goal=100,
    records="plan",
)
def key_results_checked_in(ev: Evaluation) -> Ratios:
    key_results = KeyResult.objects.for_district(ev.district).filter(
        objective__active=True, objective__school__isnull=False
    )
    fresh = Q(
        check_ins__date__gte=ev.window.end - timedelta(days=CHECK_IN_DAYS),
        check_ins__date__lte=ev.window.end,
    )
    return share_by_school(key_results, "objective__school_id", fresh)
