"""Figures the system already knows, that a key result can take its value from.

Each measure is one small function of (district, school or None, year); the
weekly job checks measured key results in with them. Alignment indicators
register themselves here too (``indicator:<key>``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from districts.models import LEADER_POSITIONS, District, School
from pl_hours import selectors as hours
from plcs.models import PLCMeeting


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    compute: Callable[[District, School | None, "hours.Year"], Decimal | None]


MEASURES: dict[str, Measure] = {}


def measure(key: str, label: str, unit: str):
    def register(function):
        MEASURES[key] = Measure(key=key, label=label, unit=unit, compute=function)
        return function

    return register


def choices() -> list[tuple[str, str]]:
    return [("", "Checked in by hand")] + [(m.key, m.label) for m in MEASURES.values()]


def value_of(key: str, district: District, school: School | None, year) -> Decimal | None:
    found = MEASURES.get(key)
    if found is None or year is None:
        return None
    value = found.compute(district, school, year)
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


@measure("mean_meaningful_hours", "Mean meaningful PL hours per teacher, year to date", "hours")
def mean_meaningful_hours(district, school, year):
    if school is not None:
        summary, _ = hours.school_hours(year, school)
    else:
        summary, _ = hours.district_hours(year, School.objects.none())
    return summary.meaningful_hours if summary.educators else None


@measure("plc_planning_share", "Share of PLC minutes on instructional planning", "%")
def plc_planning_share(district, school, year):
    meetings = PLCMeeting.objects.for_district(district).filter(
        date__gte=year.school_year.start_date, date__lte=year.today
    )
    if school is not None:
        meetings = meetings.filter(team__school=school)
    totals = meetings.aggregate(all=Sum("minutes"), planning=Sum("minutes_instructional_planning"))
    if not totals["all"]:
        return None
    return Decimal(100) * totals["planning"] / totals["all"]


@measure(
    "walkthroughs_per_leader_month", "Math walkthroughs per school leader per month", "per month"
)
def walkthroughs_per_leader_month(district, school, year):
    from districts.models import Educator
    from subsystems.models import Walkthrough

    leaders = Educator.objects.for_district(district).filter(
        position__in=LEADER_POSITIONS, active=True
    )
    visits = Walkthrough.objects.for_district(district).filter(
        math_specific=True,
        observer__position__in=LEADER_POSITIONS,
        date__gte=year.school_year.start_date,
        date__lte=year.today,
        same_visit_as__isnull=True,
    )
    if school is not None:
        leaders, visits = leaders.filter(school=school), visits.filter(school=school)
    leader_count = leaders.count()
    months = Decimal(max((year.today - year.school_year.start_date).days, 1)) / Decimal("30.44")
    if not leader_count:
        return None
    return Decimal(visits.count()) / leader_count / months


@measure("coaching_coverage", "Share of math teachers in a coaching cycle this year", "%")
def coaching_coverage(district, school, year):
    teachers = hours.participants(district)
    if school is not None:
        teachers = teachers.filter(school=school)
    counts = teachers.aggregate(
        all=Count("pk", distinct=True),
        coached=Count(
            "pk",
            distinct=True,
            filter=Q(
                coaching_cycles__start_date__lte=year.today,
                coaching_cycles__end_date__gte=year.school_year.start_date,
            ),
        ),
    )
    if not counts["all"]:
        return None
    return Decimal(100) * counts["coached"] / counts["all"]
