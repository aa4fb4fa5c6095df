"""Materials & intervention: groups connected to the classroom and its representations."""

from django.db.models import Count, Q

from subsystems.indicators.registry import (
    Evaluation,
    Ratios,
    Subsystem,
    indicator,
    ratios_by_school,
)
from subsystems.models import InterventionGroup, LedBy


def _groups(ev: Evaluation) -> list:
    """Per school: active intervention groups, those connected to the classroom and those
    using the core representations — one grouped query shared by both indicators."""

    def compute() -> list:
        rows = (
            InterventionGroup.objects.for_district(ev.district)
            .filter(active=True)
            .values("school_id")
            .annotate(
                all=Count("pk"),
                connected=Count(
                    "pk",
                    filter=Q(led_by=LedBy.CLASSROOM_TEACHER)
                    | Q(collaboration_minutes_per_month__gt=0),
                ),
                core=Count("pk", filter=Q(uses_core_representations=True)),
            )
            .order_by()
        )
        return list(rows)

    return ev.shared("groups", compute)


@indicator(
    "intervention_connected",
    Subsystem.MATERIALS,
    "Groups led by a classroom teacher or with collaboration time",
    goal=80,
    records="intervention",
)
def intervention_connected(ev: Evaluation) -> Ratios:
    return ratios_by_school(_groups(ev), "school_id", "connected", "all")


@indicator(
    "intervention_core_representations",
    Subsystem.MATERIALS,
    "Groups using the core curriculum's representations",
    goal=80,
    records="intervention",
)
def intervention_core_representations(ev: Evaluation) -> Ratios:
    return ratios_by_school(_groups(ev), "school_id", "core", "all")
