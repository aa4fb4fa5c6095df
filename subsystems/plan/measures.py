"""Figures the system already knows, that a key result can take its value from.

A measure is the value of one figure for a school (or the district) over the school year
to date: the mean meaningful hours per teacher from the hours selectors, or any alignment
indicator from its own function. Nothing here computes a figure a second way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from districts.models import District, School
from pl_hours import selectors as hours
from subsystems import indicators
from subsystems.indicators import REGISTRY, ratio_for, year_to_date

HUNDREDTHS = Decimal("0.01")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    compute: Callable[[District, School | None, hours.Year], Decimal | None]


def _mean_meaningful_hours(
    district: District, school: School | None, year: hours.Year
) -> Decimal | None:
    if school is not None:
        summary, _ = hours.school_hours(year, school)
    else:
        summary, _ = hours.district_hours(year, School.objects.none())
    return summary.meaningful_hours if summary.educators else None


def _indicator(key: str) -> Callable[[District, School | None, hours.Year], Decimal | None]:
    """The indicator ``key`` over the school year to date, as a measure: the same value the
    dashboard shows for the same school (or the district row), from the same function."""

    def compute(district: District, school: School | None, year: hours.Year) -> Decimal | None:
        ratio = ratio_for(key, district, year_to_date(year), school)
        return indicators.value_of(REGISTRY[key], ratio)

    return compute


# Figures named by their own key (the first measures), then every indicator.
NAMED = {
    "plc_planning_share": "Share of PLC minutes on instructional planning",
    "walkthroughs_per_leader_month": "Math walkthroughs per school leader per month",
    "coaching_coverage": "Share of math teachers in a coaching cycle this year",
}

MEASURES: dict[str, Measure] = {
    "mean_meaningful_hours": Measure(
        key="mean_meaningful_hours",
        label="Mean meaningful PL hours per teacher, year to date",
        unit="hours",
        compute=_mean_meaningful_hours,
    ),
    **{
        key: Measure(key=key, label=label, unit=REGISTRY[key].unit, compute=_indicator(key))
        for key, label in NAMED.items()
    },
    **{
        f"indicator:{key}": Measure(
            key=f"indicator:{key}",
            label=f"Indicator: {ind.label}",
            unit=ind.unit,
            compute=_indicator(key),
        )
        for key, ind in REGISTRY.items()
    },
}


def choices() -> list[tuple[str, str]]:
    return [("", "Checked in by hand")] + [(m.key, m.label) for m in MEASURES.values()]


def value_of(
    key: str, district: District, school: School | None, year: hours.Year | None
) -> Decimal | None:
    found = MEASURES.get(key)
    if found is None or year is None:
        return None
    value = found.compute(district, school, year)
    return None if value is None else Decimal(value).quantize(HUNDREDTHS)
