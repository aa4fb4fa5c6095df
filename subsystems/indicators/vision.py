"""Vision & leadership: school goals serve the district's priorities; key results are kept."""

from datetime import timedelta

from django.db.models import Count, Q

from subsystems.indicators.registry import (
    Evaluation,
    Ratios,
    Subsystem,
    indicator,
    ratios_by_school,
)
from subsystems.models import KeyResult, SchoolGoal


@indicator(
    "school_goals_aligned",
    Subsystem.VISION,
    "School goals linked to a district priority",
    goal=100,
    records="school_goals",
)
def school_goals_aligned(ev: Evaluation) -> Ratios:
    rows = (
        SchoolGoal.objects.for_district(ev.district)
        .values("school_id")
        .annotate(
            all=Count("pk", distinct=True),
            linked=Count("pk", distinct=True, filter=Q(priorities__isnull=False)),
        )
    )
    return ratios_by_school(rows, "school_id", "linked", "all")


@indicator(
    "key_results_checked_in",
    Subsystem.VISION,
    "Key results checked in within 30 days",
    goal=100,
    records="plan",
)
def key_results_checked_in(ev: Evaluation) -> Ratios:
    rows = (
        KeyResult.objects.for_district(ev.district)
        .filter(objective__active=True, objective__school__isnull=False)
        .values("objective__school_id")
        .annotate(
            all=Count("pk", distinct=True),
            fresh=Count(
                "pk",
                distinct=True,
                filter=Q(
                    check_ins__date__gte=ev.window.end - timedelta(days=30),
                    check_ins__date__lte=ev.window.end,
                ),
            ),
        )
    )
    return ratios_by_school(rows, "objective__school_id", "fresh", "all")
