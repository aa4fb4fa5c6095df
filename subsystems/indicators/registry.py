"""The alignment indicators' registry and how one evaluation of them runs.

Every indicator is one small function that computes, for all schools of a
district at once (a fixed number of queries, never one set per school), a
numerator and a denominator per school. The evaluation turns them into values,
compares each with the district's goal, and says ``met``, ``gap`` (with the
distance) or ``no_data``. Adding an indicator is adding one function to the
module of its subsystem.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from districts.models import District, School
from pl_hours.selectors import Year
from subsystems.models import IndicatorGoal


class Subsystem:
    VISION = "vision"
    COACHING = "coaching"
    LEADERSHIP = "leadership"
    PLCS = "plcs"
    PD = "pd"
    MATERIALS = "materials"


SUBSYSTEMS = [
    (Subsystem.VISION, "Vision & leadership"),
    (Subsystem.COACHING, "Coaching"),
    (Subsystem.LEADERSHIP, "School leadership"),
    (Subsystem.PLCS, "PLCs"),
    (Subsystem.PD, "Pull-out PD"),
    (Subsystem.MATERIALS, "Materials & intervention"),
]

DAYS_PER_MONTH = Decimal("30.44")


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def months(self) -> Decimal:
        return max(Decimal((self.end - self.start).days + 1) / DAYS_PER_MONTH, Decimal("0.1"))


def year_to_date(year: Year) -> Window:
    """The school year so far: the window of the dashboard's default view and of measured
    key results alike."""
    return Window(start=year.school_year.start_date, end=min(year.today, year.school_year.end_date))


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal


def total(ratios: Iterable[Ratio | None]) -> Ratio:
    """The district's ratio: the sums of its schools' numerators and denominators."""
    known = [r for r in ratios if r is not None]
    return Ratio(
        sum((r.numerator for r in known), Decimal(0)),
        sum((r.denominator for r in known), Decimal(0)),
    )


class Evaluation:
    """One evaluation of the indicators: the district, the window, the schools in view.

    Indicators that read the same rows (a window's PLC meetings, its walkthroughs) share
    one grouped query through ``shared``, which lives as long as this object does.
    """

    def __init__(self, district: District, window: Window, schools: list[School]):
        self.district, self.window, self.schools = district, window, schools
        self._memo: dict[str, Any] = {}

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


Ratios = dict[Any, Ratio]  # school id → ratio


@dataclass(frozen=True)
class Indicator:
    key: str
    subsystem: str
    label: str
    unit: str  # "%" (a share ×100) or a rate such as "per month"
    default_goal: Decimal
    compute: Callable[[Evaluation], Ratios]
    records: str = ""  # the page that lists the records behind it
    research_note: str = ""


REGISTRY: dict[str, Indicator] = {}


def indicator(
    key: str,
    subsystem: str,
    label: str,
    *,
    unit: str = "%",
    goal: int | str,
    records: str = "",
    note: str = "",
) -> Callable[[Callable[[Evaluation], Ratios]], Callable[[Evaluation], Ratios]]:
    """Register an indicator function under ``key``."""

    def register(function: Callable[[Evaluation], Ratios]) -> Callable[[Evaluation], Ratios]:
        REGISTRY[key] = Indicator(
            key=key,
            subsystem=subsystem,
            label=label,
            unit=unit,
            default_goal=Decimal(goal),
            compute=function,
            records=records,
            research_note=note,
        )
        return function

    return register


def ratios_by_school(
    rows: Iterable[Mapping[str, Any]], school_key: str, numerator: str, denominator: str
) -> Ratios:
    """School id → ratio, from grouped rows (rows without a school are the district's own)."""
    return {
        row[school_key]: Ratio(Decimal(row[numerator] or 0), Decimal(row[denominator] or 0))
        for row in rows
        if row[school_key] is not None
    }


def share_by_school(rows: QuerySet, school: str, part: Q) -> Ratios:
    """Per school, how many of ``rows`` meet ``part`` out of all of them (each row counted
    once, however many joins ``part`` follows): one grouped query."""
    grouped = (
        rows.values(school)
        .annotate(all=Count("pk", distinct=True), part=Count("pk", distinct=True, filter=part))
        .order_by()
    )
    return ratios_by_school(grouped, school, "part", "all")


# --- Results ------------------------------------------------------------------------------

MET, GAP, NO_DATA = "met", "gap", "no_data"
STATUS_LABELS = {MET: "Met", GAP: "Gap", NO_DATA: "No data"}
PERCENT_SCALE, TENTHS, ZERO = Decimal(100), Decimal("0.1"), Decimal(0)


def value_of(indicator: Indicator, ratio: Ratio | None) -> Decimal | None:
    """An indicator's value from its ratio (a percentage for "%"), to a tenth; None when
    there is nothing to divide by. The dashboard and measured key results both use it."""
    if ratio is None or not ratio.denominator:
        return None
    scaled = PERCENT_SCALE * ratio.numerator if indicator.unit == "%" else ratio.numerator
    return (scaled / ratio.denominator).quantize(TENTHS)


@dataclass(slots=True)
class Result:
    """One indicator for one school (or the district): its value against its goal.

    Value and status are worked out once, when the result is made: a large district's
    dashboard makes a few thousand of these per request."""

    indicator: Indicator
    goal: Decimal
    ratio: Ratio | None
    value: Decimal | None = field(init=False)
    status: str = field(init=False)
    distance: Decimal | None = field(init=False)  # how far below the goal, for a gap
    shortfall: Decimal = field(init=False)  # the distance as a share of the goal, to rank gaps

    def __post_init__(self) -> None:
        self.value = value_of(self.indicator, self.ratio)
        self.status, self.distance, self.shortfall = NO_DATA, None, ZERO
        if self.value is None:
            return
        if self.value >= self.goal:
            self.status = MET
            return
        self.status, self.distance = GAP, self.goal - self.value
        if self.goal:
            self.shortfall = self.distance / self.goal

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(slots=True)
class SubsystemCell:
    """One subsystem's results for one school: how many indicators meet their goal."""

    key: str
    label: str
    results: list[Result]
    met: int = field(init=False)
    with_data: int = field(init=False)
    status: str = field(init=False)

    def __post_init__(self) -> None:
        self.met = sum(1 for r in self.results if r.status == MET)
        self.with_data = sum(1 for r in self.results if r.status != NO_DATA)
        if not self.with_data:
            self.status = NO_DATA
        else:
            self.status = MET if self.met == self.with_data else GAP

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def goals_for(district: District) -> dict[str, Decimal]:
    custom = dict(IndicatorGoal.objects.for_district(district).values_list("key", "goal"))
    return {key: custom.get(key, ind.default_goal) for key, ind in REGISTRY.items()}


Evaluated = dict[Any, list[SubsystemCell]]  # school id (None: the district) → cells


def evaluate(district: District, window: Window, schools: list[School]) -> Evaluated:
    """Every indicator for every school (and the district as a whole), in a bounded number of
    queries: school id (None for the district) → list of SubsystemCell."""
    goals = goals_for(district)
    evaluation = Evaluation(district, window, schools)
    per_school: dict[Any, dict[str, Ratio | None]] = {s.pk: {} for s in schools}
    district_ratios: dict[str, Ratio | None] = {}
    for key, ind in REGISTRY.items():
        ratios = ind.compute(evaluation)
        for school in schools:
            per_school[school.pk][key] = ratios.get(school.pk)
        district_ratios[key] = total(ratios.values())

    def cells(ratios: dict[str, Ratio | None]) -> list[SubsystemCell]:
        by_subsystem: dict[str, list[Result]] = {key: [] for key, _ in SUBSYSTEMS}
        for key, ind in REGISTRY.items():
            by_subsystem[ind.subsystem].append(
                Result(indicator=ind, goal=goals[key], ratio=ratios.get(key))
            )
        return [
            SubsystemCell(key=key, label=label, results=by_subsystem[key])
            for key, label in SUBSYSTEMS
        ]

    result: Evaluated = {school_id: cells(ratios) for school_id, ratios in per_school.items()}
    result[None] = cells(district_ratios)
    return result


def ratio_for(key: str, district: District, window: Window, school: School | None) -> Ratio:
    """One indicator's ratio for one school, or for the district (the sum over its schools)."""
    ind = REGISTRY[key]
    ratios = ind.compute(Evaluation(district, window, [school] if school else []))
    if school is not None:
        found = ratios.get(school.pk)
        return found if found is not None else Ratio(ZERO, ZERO)
    return total(ratios.values())


def has_records(cells: list[SubsystemCell]) -> bool:
    """Whether a school has recorded anything an indicator counts."""
    return any(r.ratio is not None and r.ratio.numerator for c in cells for r in c.results)


def biggest_gaps(
    evaluated: Evaluated, schools: list[School], limit: int = 8
) -> list[tuple[School, Result]]:
    """(school, result) pairs furthest from their goals, relative to the goal. A school
    that has recorded nothing yet (a new, empty school) has no data, not gaps."""
    names = {s.pk: s for s in schools}
    gaps = [
        (names[school_id], result)
        for school_id, cells in evaluated.items()
        if school_id is not None and has_records(cells)
        for cell in cells
        for result in cell.results
        if result.status == GAP
    ]
    gaps.sort(key=lambda pair: (-pair[1].shortfall, pair[0].name))
    return gaps[:limit]
