"""What the dashboard and the board report show, for one set of filters.

The same functions feed both, so a report's figures equal the dashboard's for
the same filters. Every read is a fixed number of queries whatever the size
of the district.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from districts.models import (
    District,
    Educator,
    GradeBand,
    Membership,
    Priority,
    Role,
    School,
    SchoolYear,
)
from districts.permissions import schools_in_view
from pl_hours import charts
from pl_hours import selectors as hours
from pl_hours.rules import CATEGORIES, RESEARCH_SPLIT, Category
from plcs.selectors import TimeUse, meetings_between, time_use
from subsystems import indicators
from subsystems.models import Vision
from subsystems.plan.selectors import objectives_glance

SCHOOL_ROLES = (Role.SCHOOL_LEADER, Role.COACH)  # whose dashboard is about their schools
WINDOWS = {"ytd": "School year to date", "90": "Last 90 days", "30": "Last 30 days"}


@dataclass
class Filters:
    school_year: SchoolYear | None = None
    window: str = "ytd"
    grade_band: str = ""
    school: School | None = None
    priority: Priority | None = None

    def query(self) -> dict:
        return {
            "year": str(self.school_year.pk) if self.school_year else "",
            "window": self.window,
            "grade_band": self.grade_band,
            "school": str(self.school.pk) if self.school else "",
            "priority": str(self.priority.pk) if self.priority else "",
        }


def parse_filters(district: District, params: Mapping[str, str]) -> Filters:
    """Filters from a query string; unknown or foreign ids are ignored, never trusted."""

    def pick(model: Any, value: str | None) -> Any:
        if not value:
            return None
        try:
            return model.objects.for_district(district).filter(pk=value).first()
        except (ValueError, Exception):  # a malformed id is simply no filter
            return None

    window = params.get("window", "ytd")
    grade_band = params.get("grade_band", "")
    return Filters(
        school_year=pick(SchoolYear, params.get("year")),
        window=window if window in WINDOWS else "ytd",
        grade_band=grade_band if grade_band in GradeBand.values else "",
        school=pick(School, params.get("school")),
        priority=pick(Priority, params.get("priority")),
    )


def visible_schools(membership: Membership, filters: Filters) -> list[School]:
    """The schools whose rows a member sees: all for admins and viewers, else their own."""
    schools = schools_in_view(membership).filter(active=True)
    if filters.grade_band:
        schools = schools.filter(grade_band=filters.grade_band)
    if filters.school:
        schools = schools.filter(pk=filters.school.pk)
    return list(schools.order_by("name"))


def window_for(year: hours.Year, filters: Filters) -> indicators.Window:
    ytd = indicators.year_to_date(year)
    if filters.window == "ytd":
        return ytd
    end = ytd.end
    return indicators.Window(
        start=max(year.school_year.start_date, end - timedelta(days=int(filters.window) - 1)),
        end=end,
    )


class Dashboard:
    """The dashboard's parts, each computed when first asked for, so a partial costs only
    its own queries."""

    def __init__(
        self,
        *,
        district: District,
        year: hours.Year,
        filters: Filters,
        schools: list[School],
        scoped: bool,
    ):
        self.district, self.year, self.filters = district, year, filters
        self.schools, self.scoped = schools, scoped
        self.window = window_for(year, filters)

    def _participants(self) -> QuerySet[Educator]:
        educators = hours.participants(self.district)
        if self.scoped:
            educators = educators.filter(school__in=[s.pk for s in self.schools])
        return educators

    @cached_property
    def _school_ids(self) -> list | None:
        return [s.pk for s in self.schools] if self.scoped else None

    @cached_property
    def headline(self) -> hours.Hours:
        return hours.totals_from_school_weeks(self.year, self._school_ids)

    @cached_property
    def evaluated(self) -> dict:
        return indicators.evaluate(self.district, self.window, self.schools)

    @cached_property
    def series(self) -> list:
        return hours.weekly_series(
            self.year, hours.school_weeks(self.year, self._school_ids), self.headline.starts
        )

    @cached_property
    def trend_chart(self) -> SafeString:
        return charts.hours_so_far(
            self.series, title="Meaningful PL hours per teacher, week by week", per_teacher=True
        )

    @cached_property
    def objectives(self) -> list:
        return objectives_glance(
            self.district,
            self.filters.priority,
            self.schools if self.scoped else None,
            self.year.school_year,
        )

    @cached_property
    def vision(self) -> Vision | None:
        return Vision.objects.for_district(self.district).first()

    @property
    def district_cells(self) -> list[indicators.SubsystemCell]:
        return self.evaluated[None]

    @property
    def rows(self) -> list[tuple[School, list[indicators.SubsystemCell]]]:
        return [(school, self.evaluated[school.pk]) for school in self.schools]

    @property
    def gaps(self) -> list[tuple[School, indicators.Result]]:
        return indicators.biggest_gaps(self.evaluated, self.schools)


def build(
    membership: Membership, filters: Filters, *, today: date | None = None
) -> Dashboard | None:
    """The dashboard as a member sees it: for school leaders and coaches the headline, like
    the heatmap, covers their schools; the filters narrow it for everyone. ``today`` (the
    district's, by default) is the day it is seen on: the digest compares two."""
    schools = visible_schools(membership, filters)
    scoped = bool(filters.grade_band or filters.school) or membership.role in SCHOOL_ROLES
    return build_for(membership.district, schools, filters, scoped=scoped, today=today)


def build_for(
    district: District,
    schools: list[School],
    filters: Filters,
    *,
    scoped: bool,
    today: date | None = None,
) -> Dashboard | None:
    """The dashboard's figures for some schools; ``scoped`` narrows the headline to them."""
    year = hours.year_in_view(district, today=today, school_year=filters.school_year)
    if year is None:
        return None
    return Dashboard(district=district, year=year, filters=filters, schools=schools, scoped=scoped)


# --- School drill-down --------------------------------------------------------------------


HOUR_BUCKETS = [(0, 2), (2, 5), (5, 10), (10, 20), (20, 35), (35, None)]


@dataclass
class SchoolDetail:
    school: School
    year: hours.Year
    window: indicators.Window
    cells: list
    hours: hours.Hours
    distribution: list[tuple[str, int]]
    plc_time_use: TimeUse


def school_detail(membership: Membership, school: School, filters: Filters) -> SchoolDetail | None:
    district = membership.district
    year = hours.year_in_view(district, school_year=filters.school_year)
    if year is None:
        return None
    window = window_for(year, filters)
    evaluated = indicators.evaluate(district, window, [school])
    summary, rows = hours.school_hours(year, school)
    distribution = []
    for low, high in HOUR_BUCKETS:
        label = f"{low}–{high} h" if high is not None else f"{low} h or more"
        count = sum(
            1
            for r in rows
            if r.hours.meaningful_hours >= low and (high is None or r.hours.meaningful_hours < high)
        )
        distribution.append((label, count))
    return SchoolDetail(
        school=school,
        year=year,
        window=window,
        cells=evaluated[school.pk],
        hours=summary,
        distribution=distribution,
        plc_time_use=time_use(
            meetings_between(district, window.start, window.end).filter(team__school=school)
        ),
    )


def research_time_use() -> list[tuple[str, str, Decimal]]:
    total = sum(RESEARCH_SPLIT.values())
    return [(c, Category(c).label, RESEARCH_SPLIT[c] / total) for c in CATEGORIES]
