"""Reads of the plan: objectives with their key results and check-ins, for the plan page,
the dashboard's glance and the board report alike."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils.safestring import SafeString

from districts.corrections import Change, change_log, recently_deleted
from districts.models import District, Priority, School, SchoolYear
from pl_hours.charts import sparkline
from subsystems.models import CHECK_IN_DAYS, CheckIn, KeyResult, Objective
from subsystems.plan.measures import MEASURES, Measure
from subsystems.plan.rules import progress


def objectives_with_key_results(district: District) -> QuerySet[Objective]:
    """Objectives with their key results and check-ins (newest first), in three queries."""
    check_ins = CheckIn.objects.for_district(district).order_by("-date", "-created_at")
    return (
        Objective.objects.for_district(district)
        .select_related("priority", "school", "owner")
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.for_district(district)
                .order_by("due_date", "title")
                .prefetch_related(Prefetch("check_ins", queryset=check_ins)),
            )
        )
    )


@dataclass
class KeyResultRow:
    """A key result as the plan shows it: its latest check-in and progress."""

    kr: KeyResult
    latest: CheckIn | None
    progress: Decimal | None
    history: list[CheckIn]  # oldest first

    @property
    def measure(self) -> Measure | None:
        return MEASURES.get(self.kr.measure)

    @property
    def chart(self) -> SafeString:
        return sparkline(
            [c.value for c in self.history],
            title=f"Check-ins of {self.kr.title}: " + ", ".join(f"{c.value}" for c in self.history),
        )


def key_result_rows(objective: Objective) -> list[KeyResultRow]:
    """An objective's key results (prefetched with their check-ins, newest first)."""
    rows = []
    for kr in objective.key_results.all():
        history = list(reversed(kr.check_ins.all()))
        latest = history[-1] if history else None
        rows.append(
            KeyResultRow(
                kr=kr,
                latest=latest,
                progress=progress(kr.baseline, kr.target, latest.value if latest else None),
                history=history,
            )
        )
    return rows


def of_year(objectives: QuerySet[Objective], school_year: SchoolYear) -> QuerySet[Objective]:
    """The objectives of a school year (and any not tied to one)."""
    return objectives.filter(Q(school_year=school_year) | Q(school_year__isnull=True))


def objectives_glance(
    district: District,
    priority: Priority | None,
    schools: list[School] | None,
    school_year: SchoolYear | None = None,
) -> list[dict]:
    """The year's objectives with their key results, for the dashboard and the board
    report: the active ones (a year that is over shows those it had, closed or not); with
    ``schools``, only district objectives and those schools'."""
    objectives = objectives_with_key_results(district)
    if school_year is None or school_year.end_date >= district.today():
        objectives = objectives.filter(active=True)
    if school_year is not None:
        objectives = of_year(objectives, school_year)
    if priority is not None:
        objectives = objectives.filter(priority=priority)
    if schools is not None:
        objectives = objectives.filter(
            Q(school__isnull=True) | Q(school__in=[s.pk for s in schools])
        )
    return [
        {"objective": objective, "key_results": key_result_rows(objective)}
        for objective in objectives.order_by("level", "title")
    ]


def check_ins_of(key_result: KeyResult) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.for_district(key_result.district_id)
        .filter(key_result=key_result)
        .select_related("recorded_by")
        .order_by("-date", "-created_at")
    )


def deleted_check_ins(key_result: KeyResult) -> list:
    return recently_deleted(CheckIn, key_result.district, rows={"key_result_id": key_result.pk})


def check_in_history(check_in: CheckIn) -> list[Change]:
    return change_log(check_in)


def key_results_without_check_in(
    district: District, today: date
) -> list[tuple[KeyResult, date | None]]:
    """Key results checked in by hand (not measured) of active objectives with an owner, not
    yet due, with no check-in in the last ``CHECK_IN_DAYS`` days (a new one gets that long
    for its first), each with the date of its last check-in (None: never)."""
    cutoff = today - timedelta(days=CHECK_IN_DAYS)
    stale = (
        KeyResult.objects.for_district(district)
        .filter(
            objective__active=True,
            objective__owner__isnull=False,
            measure="",
            due_date__gte=today,
            created_at__date__lt=cutoff,
        )
        .annotate(last_check_in=Max("check_ins__date"))
        .filter(Q(last_check_in__isnull=True) | Q(last_check_in__lt=cutoff))
        .select_related("objective", "objective__school")
        .order_by("due_date", "title")
    )
    return [(kr, kr.last_check_in) for kr in stale]
