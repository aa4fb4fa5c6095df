"""Reads of PL hours for pages, the API and reports: all from the weekly rollups.

Each selector runs a fixed number of queries whatever the size of the
district: sums are taken in SQL, and Python only walks one row per educator.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from districts.corrections import Change, change_log, recently_deleted
from districts.models import (
    PARTICIPANT_POSITIONS,
    BreakWeek,
    District,
    Educator,
    School,
    SchoolYear,
)
from districts.selectors import first_counted_week, school_year_for
from pl_hours.models import (
    LedgerEntry,
    ManualEntry,
    OtherActivity,
    OtherAttendance,
    SchoolWeekRollup,
    WeeklyRollup,
)
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
    status_for,
)


def district_today(district: District) -> date:
    return district.today()


@dataclass(frozen=True)
class Year:
    """The school year in view, its instructional weeks, and 'today' in the district.

    The year counts the weeks from ``first_week`` (the week of its start, or — when the
    district counts PL between two school years toward the next — the first week after the
    previous year's last) through the week of its end. Figures "so far" are of completed
    weeks; the current week is shown apart, as this week so far.
    """

    district: District
    school_year: SchoolYear
    today: date
    weeks: YearWeeks
    first_week: date

    @property
    def last_week(self) -> date:
        return monday(self.school_year.end_date)

    @property
    def this_week(self) -> date | None:
        """The current week, while it is one of the year's (else None)."""
        week = monday(self.today)
        return week if self.first_week <= week <= self.last_week else None

    @property
    def completed_before(self) -> date:
        """Weeks starting before this Monday are completed (and counted so far)."""
        return min(monday(self.today), self.last_week + timedelta(weeks=1))

    @property
    def target_hours(self) -> Decimal:
        return Decimal(self.district.pl_target_hours)

    def prorated_target(self, starts: "Starts", weeks: YearWeeks | None = None) -> Decimal:
        """The mean of the members' targets due by now (or as of ``weeks``), each from
        their own start."""
        seen = weeks or self.weeks
        return starts.mean(lambda start: seen.from_start(start).prorated(self.target_hours))


@dataclass(frozen=True)
class Starts:
    """When a group's members started counting: start date → how many (``None``: from the
    year's first week, which is also what a start before the year means)."""

    counts: dict[date | None, int]

    def mean(self, value: Callable[[date | None], Decimal]) -> Decimal:
        members = sum(self.counts.values())
        if not members:
            return Decimal(0)
        return sum((value(start) * n for start, n in self.counts.items()), Decimal(0)) / members


def counted_start(start: date | None, school_year: SchoolYear) -> date | None:
    """An educator's start as the year counts it: None when they were there before it."""
    return start if start is not None and start > school_year.start_date else None


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
        first_week=first_counted_week(school_year),
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
    """PL figures for a group of educators (one educator, a school, the district).

    ``minutes`` are the sums of completed weeks; ``this_week`` is the current week's
    meaningful minutes; figures are means per educator for a group.
    """

    year: Year
    educators: int
    minutes: dict[str, int]
    recent_meaningful: list[int] = field(default_factory=list)  # per recent completed week
    this_week: int = 0
    starts: Starts = field(default_factory=lambda: Starts({None: 1}))

    def _mean_hours(self, minutes: int) -> Decimal:
        if not self.educators:
            return Decimal(0)
        return hours(minutes, per=self.educators)

    @property
    def total_hours(self) -> Decimal:
        return self._mean_hours(self.minutes["total"])

    @property
    def meaningful_hours(self) -> Decimal:
        """Meaningful hours of completed weeks (the mean per educator for a group)."""
        return self._mean_hours(self.minutes["meaningful"])

    @property
    def this_week_hours(self) -> Decimal:
        """Meaningful hours of the current week so far (not yet in the status)."""
        return self._mean_hours(self.this_week)

    @property
    def aligned_hours(self) -> Decimal:
        return self._mean_hours(self.minutes["aligned"])

    @property
    def prorated_target(self) -> Decimal:
        return self.year.prorated_target(self.starts)

    @property
    def status(self) -> str:
        return status_for(self.meaningful_hours, self.prorated_target)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def projection(self) -> Decimal:
        """Completed weeks' hours + the mean of the last completed weeks × the weeks not yet
        completed (the current week once)."""
        weekly = [self._mean_hours(minutes) for minutes in self.recent_meaningful]
        if len(self.starts.counts) == 1:  # one start: its own recent weeks and weeks left
            (start,) = self.starts.counts
            mine = self.year.weeks.from_start(start)
            weekly = weekly[len(weekly) - len(mine.recent) :] if mine.recent else []
            return projection(self.meaningful_hours, weekly, mine.remaining)
        return projection(self.meaningful_hours, weekly, self.year.weeks.remaining)

    @property
    def meaningful_share(self) -> Decimal:
        """Meaningful ÷ math-specific minutes: the research's 24 % is a share of
        math-specific collaborative time, not of all PL."""
        math = self.minutes["math"]
        return Decimal(self.minutes["meaningful"]) / math if math else Decimal(0)

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
    """Aggregate expressions: completed weeks' sums, meaningful minutes per recent week and
    this week's meaningful minutes."""
    week = f"{prefix}week_start"
    completed = Q(**{f"{week}__gte": year.first_week, f"{week}__lt": year.completed_before})
    expressions = {
        name: Coalesce(Sum(f"{prefix}{column}", filter=completed), 0)
        for name, column in SUM_FIELDS.items()
    }
    for index, recent in enumerate(year.weeks.recent):
        expressions[f"recent_{index}"] = Coalesce(
            Sum(f"{prefix}meaningful_minutes", filter=Q(**{week: recent})), 0
        )
    if year.this_week:
        expressions["this_week"] = Coalesce(
            Sum(f"{prefix}meaningful_minutes", filter=Q(**{week: year.this_week})), 0
        )
    return expressions


def _hours_from_row(year: Year, row: dict, educators: int, starts: Starts) -> Hours:
    return Hours(
        year=year,
        educators=educators,
        minutes={name: row[name] or 0 for name in SUM_FIELDS},
        recent_meaningful=[row[f"recent_{i}"] or 0 for i in range(len(year.weeks.recent))],
        this_week=row.get("this_week") or 0,
        starts=starts,
    )


def participants(district: District) -> QuerySet[Educator]:
    return Educator.objects.for_district(district).filter(
        active=True, teaches_math=True, position__in=PARTICIPANT_POSITIONS
    )


def school_weeks(year: Year, school_ids: list | None = None) -> QuerySet:
    """The per-school weekly sums of math teachers' PL (all schools, or some)."""
    rows = SchoolWeekRollup.objects.for_district(year.district)
    return rows if school_ids is None else rows.filter(school_id__in=school_ids)


def starts_of(year: Year, educators: QuerySet[Educator]) -> Starts:
    """How many of some educators started when, as the year counts it: one grouped query."""
    counts: dict[date | None, int] = {}
    for start, n in (
        educators.values("start_date").annotate(n=Count("pk")).values_list("start_date", "n")
    ):
        key = counted_start(start, year.school_year)
        counts[key] = counts.get(key, 0) + n
    return Starts(counts)


def totals_from_school_weeks(year: Year, school_ids: list | None = None) -> Hours:
    """A group's mean figures from the per-school weekly sums: two small queries."""
    row = school_weeks(year, school_ids).aggregate(**_sums(year))
    educators = participants(year.district)
    if school_ids is not None:
        educators = educators.filter(school__in=school_ids)
    starts = starts_of(year, educators)
    return _hours_from_row(year, row, sum(starts.counts.values()), starts)


def school_totals_from_school_weeks(year: Year, school_ids: list) -> dict[object, Hours]:
    """Each school's mean figures from its weekly sums, as ``totals_from_school_weeks`` makes
    one group's: two grouped queries whatever the number of schools. A school without math
    teachers has none (``educators`` 0)."""
    sums = {
        row.pop("school_id"): row
        for row in school_weeks(year, school_ids).values("school_id").annotate(**_sums(year))
    }
    counts: dict[object, dict[date | None, int]] = {}
    for school_id, start, n in (
        participants(year.district)
        .filter(school__in=school_ids)
        .values("school_id", "start_date")
        .annotate(n=Count("pk"))
        .values_list("school_id", "start_date", "n")
    ):
        key = counted_start(start, year.school_year)
        per_school = counts.setdefault(school_id, {})
        per_school[key] = per_school.get(key, 0) + n
    empty = dict.fromkeys(_sums(year), 0)
    totals = {}
    for school_id in school_ids:
        starts = Starts(counts.get(school_id, {}))
        row = sums.get(school_id, empty)
        totals[school_id] = _hours_from_row(year, row, sum(starts.counts.values()), starts)
    return totals


def educator_hours(year: Year, educator: Educator) -> Hours:
    row = (
        WeeklyRollup.objects.for_district(year.district)
        .filter(educator=educator)
        .aggregate(**_sums(year))
    )
    start = counted_start(educator.start_date, year.school_year)
    return _hours_from_row(year, row, 1, Starts({start: 1}))


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
            "start_date",
            *SUM_FIELDS,
            *[f"recent_{i}" for i in range(len(year.weeks.recent))],
            *(["this_week"] if year.this_week else []),
        )
        .order_by("last_name", "first_name")
    )
    return [
        EducatorRow(
            educator_id=row["pk"],
            name=f"{row['first_name']} {row['last_name']}",
            school_id=row["school_id"],
            hours=_hours_from_row(
                year, row, 1, Starts({counted_start(row["start_date"], year.school_year): 1})
            ),
        )
        for row in rows
    ]


def group_hours(year: Year, rows: list[EducatorRow]) -> Hours:
    """The mean figures of a group, from its educators' rows."""
    minutes = {name: sum(r.hours.minutes[name] for r in rows) for name in SUM_FIELDS}
    recent = [
        sum(r.hours.recent_meaningful[i] for r in rows) for i in range(len(year.weeks.recent))
    ]
    counts: dict[date | None, int] = {}
    for r in rows:
        for start, n in r.hours.starts.counts.items():
            counts[start] = counts.get(start, 0) + n
    return Hours(
        year=year,
        educators=len(rows),
        minutes=minutes,
        recent_meaningful=recent,
        this_week=sum(r.hours.this_week for r in rows),
        starts=Starts(counts),
    )


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


def weekly_series(year: Year, rollups: QuerySet[WeeklyRollup], starts: Starts) -> list[WeekPoint]:
    """Week by week across the school year: the group's mean meaningful hours, cumulative,
    and the pace of its pro-rated target (each member's from their own start)."""
    per_week = dict(
        rollups.filter(week_start__gte=year.first_week)
        .values("week_start")
        .annotate(minutes=Sum("meaningful_minutes"))
        .values_list("week_start", "minutes")
    )
    members = max(sum(starts.counts.values()), 1)
    instructional = set(year.weeks.all)
    points, cumulative = [], Decimal(0)
    week = year.first_week
    while week <= year.last_week:
        this_week = hours(per_week.get(week, 0)) / members
        cumulative += this_week
        as_of = YearWeeks(all=year.weeks.all, completed=[w for w in year.weeks.all if w <= week])
        points.append(
            WeekPoint(
                week_start=week,
                meaningful_hours=this_week,
                cumulative_hours=cumulative,
                target_hours=year.prorated_target(starts, as_of),
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


def deleted_other_activities(district: District) -> list:
    return recently_deleted(OtherActivity, district)


def deleted_manual_entries(district: District) -> list:
    return recently_deleted(ManualEntry, district)


def other_activity_history(activity: OtherActivity) -> list[Change]:
    return change_log(activity, [(OtherAttendance, "activity", "educator")])


def manual_entry_history(entry: ManualEntry) -> list[Change]:
    return change_log(entry)
