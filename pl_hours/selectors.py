"""Reads of PL hours for pages, the API and reports: all from the weekly rollups.

Each selector runs a fixed number of queries whatever the size of the
district: sums are taken in SQL, and Python only walks one row per educator.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from districts.models import (
    PARTICIPANT_POSITIONS,
    BreakWeek,
    District,
    Educator,
    School,
    SchoolYear,
)
from pl_hours.models import LedgerEntry, SchoolWeekRollup, WeeklyRollup
from pl_hours.rules import (
    CATEGORIES,
    RESEARCH_SPLIT,
    Category,
    Status,
    YearWeeks,
    completed_weeks,
    hours,
    instructional_weeks,
    monday,
    projection,
    prorated_target,
    status_for,
)


def district_today(district: District) -> date:
    return timezone.localdate(timezone=ZoneInfo(district.time_zone))


@dataclass(frozen=True)
class Year:
    """The school year in view, its instructional weeks, and 'today' in the district."""

    district: District
    school_year: SchoolYear
    today: date
    weeks: YearWeeks

    @property
    def first_week(self) -> date:
        return monday(self.school_year.start_date)

    @property
    def last_counted_week(self) -> date:
        return min(monday(self.today), monday(self.school_year.end_date))

    @property
    def target_hours(self) -> Decimal:
        return Decimal(self.district.pl_target_hours)

    @property
    def prorated_target(self) -> Decimal:
        return prorated_target(self.target_hours, len(self.weeks.completed), len(self.weeks.all))


def school_year_for(district: District, today: date) -> SchoolYear | None:
    years = SchoolYear.objects.for_district(district)
    return (
        years.filter(start_date__lte=today, end_date__gte=today).first()
        or years.filter(start_date__lte=today).order_by("-start_date").first()
        or years.order_by("start_date").first()
    )


def year_in_view(
    district: District, *, today: date | None = None, school_year: SchoolYear | None = None
) -> Year | None:
    today = today or district_today(district)
    school_year = school_year or school_year_for(district, today)
    if school_year is None:
        return None
    breaks = set(
        BreakWeek.objects.for_district(district)
        .filter(school_year=school_year)
        .values_list("week_start", flat=True)
    )
    weeks = instructional_weeks(school_year.start_date, school_year.end_date, breaks)
    return Year(
        district=district,
        school_year=school_year,
        today=today,
        weeks=YearWeeks(all=weeks, completed=completed_weeks(weeks, today)),
    )


SUM_FIELDS = {
    "total": "total_minutes",
    "math": "math_minutes",
    "meaningful": "meaningful_minutes",
    "aligned": "aligned_minutes",
    **{category: f"{category}_minutes" for category in CATEGORIES},
}


@dataclass
class Hours:
    """PL figures for a group of educators (one educator, a school, the district)."""

    year: Year
    educators: int
    minutes: dict[str, int]
    recent_meaningful: list[int] = field(default_factory=list)  # per recent completed week

    def _mean_hours(self, minutes: int) -> Decimal:
        if not self.educators:
            return Decimal(0)
        return hours(minutes) / self.educators

    @property
    def total_hours(self) -> Decimal:
        return self._mean_hours(self.minutes["total"])

    @property
    def meaningful_hours(self) -> Decimal:
        """Year-to-date meaningful hours (the mean per educator for a group)."""
        return self._mean_hours(self.minutes["meaningful"])

    @property
    def aligned_hours(self) -> Decimal:
        return self._mean_hours(self.minutes["aligned"])

    @property
    def prorated_target(self) -> Decimal:
        return self.year.prorated_target

    @property
    def status(self) -> str:
        return status_for(self.meaningful_hours, self.prorated_target)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def projection(self) -> Decimal:
        weekly = [self._mean_hours(minutes) for minutes in self.recent_meaningful]
        return projection(self.meaningful_hours, weekly, self.year.weeks.remaining)

    @property
    def meaningful_share(self) -> Decimal:
        total = self.minutes["total"]
        return Decimal(self.minutes["meaningful"]) / total if total else Decimal(0)

    @property
    def category_shares(self) -> list[tuple[str, str, Decimal, int, Decimal]]:
        """(category, label, share of all PL time, minutes, research baseline share)."""
        total = self.minutes["total"]
        return [
            (
                category,
                Category(category).label,
                Decimal(self.minutes[category]) / total if total else Decimal(0),
                self.minutes[category],
                RESEARCH_SPLIT[category],
            )
            for category in CATEGORIES
        ]


def _sums(year: Year, prefix: str = "") -> dict:
    """Aggregate expressions: year-to-date sums and meaningful minutes per recent week."""
    in_year = Q(**{f"{prefix}week_start__gte": year.first_week}) & Q(
        **{f"{prefix}week_start__lte": year.last_counted_week}
    )
    expressions = {
        name: Coalesce(Sum(f"{prefix}{column}", filter=in_year), 0)
        for name, column in SUM_FIELDS.items()
    }
    for index, week in enumerate(year.weeks.recent):
        expressions[f"recent_{index}"] = Coalesce(
            Sum(f"{prefix}meaningful_minutes", filter=Q(**{f"{prefix}week_start": week})), 0
        )
    return expressions


def _hours_from_row(year: Year, row: dict, educators: int) -> Hours:
    return Hours(
        year=year,
        educators=educators,
        minutes={name: row[name] or 0 for name in SUM_FIELDS},
        recent_meaningful=[row[f"recent_{i}"] or 0 for i in range(len(year.weeks.recent))],
    )


def participants(district: District) -> QuerySet[Educator]:
    return Educator.objects.for_district(district).filter(
        active=True, teaches_math=True, position__in=PARTICIPANT_POSITIONS
    )


def school_weeks(year: Year, school_ids: list | None = None) -> QuerySet:
    """The per-school weekly sums of math teachers' PL (all schools, or some)."""
    rows = SchoolWeekRollup.objects.for_district(year.district)
    return rows if school_ids is None else rows.filter(school_id__in=school_ids)


def totals_from_school_weeks(year: Year, school_ids: list | None = None) -> Hours:
    """A group's mean figures from the per-school weekly sums: two small queries."""
    row = school_weeks(year, school_ids).aggregate(**_sums(year))
    educators = participants(year.district)
    if school_ids is not None:
        educators = educators.filter(school__in=school_ids)
    return _hours_from_row(year, row, educators.count())


def educator_hours(year: Year, educator: Educator) -> Hours:
    row = (
        WeeklyRollup.objects.for_district(year.district)
        .filter(educator=educator)
        .aggregate(**_sums(year))
    )
    return _hours_from_row(year, row, 1)


@dataclass
class EducatorRow:
    educator_id: object
    name: str
    school_id: object
    hours: Hours


def educator_rows(year: Year, educators: QuerySet[Educator]) -> list[EducatorRow]:
    """One row per educator with their year's figures: one query, any number of educators."""
    rows = (
        educators.annotate(**_sums(year, prefix="rollups__"))
        .values(
            "pk",
            "first_name",
            "last_name",
            "school_id",
            *SUM_FIELDS,
            *[f"recent_{i}" for i in range(len(year.weeks.recent))],
        )
        .order_by("last_name", "first_name")
    )
    return [
        EducatorRow(
            educator_id=row["pk"],
            name=f"{row['first_name']} {row['last_name']}",
            school_id=row["school_id"],
            hours=_hours_from_row(year, row, 1),
        )
        for row in rows
    ]


def group_hours(year: Year, rows: list[EducatorRow]) -> Hours:
    """The mean figures of a group, from its educators' rows."""
    minutes = {name: sum(r.hours.minutes[name] for r in rows) for name in SUM_FIELDS}
    recent = [
        sum(r.hours.recent_meaningful[i] for r in rows) for i in range(len(year.weeks.recent))
    ]
    return Hours(year=year, educators=len(rows), minutes=minutes, recent_meaningful=recent)


def status_counts(rows: list[EducatorRow]) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.hours.status] += 1
    return counts


@dataclass
class SchoolHours:
    school: School
    hours: Hours
    statuses: dict[str, int]


def school_hours(year: Year, school: School) -> tuple[Hours, list[EducatorRow]]:
    rows = educator_rows(year, participants(year.district).filter(school=school))
    return group_hours(year, rows), rows


def district_hours(
    year: Year, schools: QuerySet[School] | None = None
) -> tuple[Hours, list[SchoolHours]]:
    """District figures and one line per school, in two queries."""
    in_view = list(schools if schools is not None else School.objects.for_district(year.district))
    rows = educator_rows(year, participants(year.district))
    by_school: dict[object, list[EducatorRow]] = {}
    for row in rows:
        by_school.setdefault(row.school_id, []).append(row)
    lines = [
        SchoolHours(
            school=school,
            hours=group_hours(year, by_school.get(school.pk, [])),
            statuses=status_counts(by_school.get(school.pk, [])),
        )
        for school in in_view
    ]
    return group_hours(year, rows), lines


@dataclass
class WeekPoint:
    week_start: date
    meaningful_hours: Decimal  # that week
    cumulative_hours: Decimal
    target_hours: Decimal  # cumulative pro-rated target at the end of that week
    is_break: bool
    is_future: bool


def weekly_series(
    year: Year, rollups: QuerySet[WeeklyRollup], educators: int = 1
) -> list[WeekPoint]:
    """Week by week across the school year: meaningful hours, cumulative, and target pace."""
    per_week = dict(
        rollups.filter(week_start__gte=year.first_week)
        .values("week_start")
        .annotate(minutes=Sum("meaningful_minutes"))
        .values_list("week_start", "minutes")
    )
    instructional = set(year.weeks.all)
    total_weeks = len(year.weeks.all)
    points, cumulative, done = [], Decimal(0), 0
    week = year.first_week
    while week <= monday(year.school_year.end_date):
        if week in instructional:
            done += 1
        this_week = hours(per_week.get(week, 0)) / max(educators, 1)
        cumulative += this_week
        points.append(
            WeekPoint(
                week_start=week,
                meaningful_hours=this_week,
                cumulative_hours=cumulative,
                target_hours=prorated_target(year.target_hours, done, total_weeks),
                is_break=week not in instructional,
                is_future=week > monday(year.today),
            )
        )
        week += timedelta(weeks=1)
    return points


def entries_by_source(year: Year, educator: Educator) -> QuerySet:
    """An educator's ledger for the year, one line per activity, newest first."""
    return (
        LedgerEntry.objects.for_district(year.district)
        .filter(educator=educator, date__gte=year.school_year.start_date)
        .values("source_kind", "source_id", "source_title", "date", "math_specific")
        .annotate(
            total=Sum("minutes"),
            meaningful_minutes=Coalesce(
                Sum(
                    "minutes",
                    filter=Q(math_specific=True, category=Category.INSTRUCTIONAL_PLANNING),
                ),
                Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-date", "source_title")
    )
