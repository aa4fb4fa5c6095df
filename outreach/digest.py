"""The Monday digest: one person's last week in figures, each line linking to the page
behind it, scoped to what they may see and naming no one.

Every figure comes from the dashboard's own functions (one formula per figure): the
headline and the week-by-week series for the hours, the indicator evaluation for what
changed and the biggest gaps, the objectives' glance for key results due. A test compares
them with the dashboard's for the same week.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.urls import reverse

from dashboard import selectors as dashboard
from districts.models import Membership, School
from districts.templatetags.coherence import with_unit
from pl_hours.rules import monday
from pl_hours.selectors import WeekPoint
from subsystems import indicators

GAPS_SHOWN = 5
KEY_RESULTS_AHEAD_DAYS = 28


@dataclass(frozen=True)
class Line:
    text: str
    path: str = ""


@dataclass
class Section:
    heading: str
    lines: list[Line]
    empty: str = ""


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator of a school (or of the district: ``school`` None) that turned met or a
    gap since last week."""

    school: School | None
    result: indicators.Result
    before: str


@dataclass
class Digest:
    week: date  # the Monday it is for
    now: dashboard.Dashboard  # the dashboard as the person sees it today
    last_week: WeekPoint | None  # the week just completed, as the dashboard's series has it
    pace: Decimal | None  # the pro-rated target's share of that week
    changes: list[IndicatorChange] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def gaps(self) -> list[tuple[School, indicators.Result]]:
        return self.now.gaps[:GAPS_SHOWN]

    @property
    def key_results_due(self) -> list:
        ahead = self.now.year.today + timedelta(days=KEY_RESULTS_AHEAD_DAYS)
        return [
            row
            for item in self.now.objectives
            for row in item["key_results"]
            if self.now.year.today <= row.kr.due_date <= ahead
        ]

    def context(self) -> dict:
        """The notice's context (plain values, for its templates and the list page)."""
        return {
            "summary": self.summary,
            "sections": [
                {
                    "heading": s.heading,
                    "empty": s.empty,
                    "lines": [{"text": line.text, "path": line.path} for line in s.lines],
                }
                for s in self.sections
            ],
        }

    @property
    def summary(self) -> str:
        district = self.now.district
        scope = (
            "your schools: " + ", ".join(s.name for s in self.now.schools)
            if self.now.scoped
            else f"all {len(self.now.schools)} schools"
        )
        return (
            f"{district.name} in the week of {self.week - timedelta(weeks=1):%b %-d}, for "
            f"{scope}. Every figure is the dashboard's."
        )


def hours(value: Decimal) -> str:
    """Hours as the dashboard shows them (one decimal, rounded half up)."""
    return f"{floatformat(value, 1)} h"


def indicator_changes(
    before: dashboard.Dashboard, now: dashboard.Dashboard
) -> list[IndicatorChange]:
    """Indicators now met, or now a gap, that were not last week: each school's in view and
    the district's."""
    found = []
    for school in [*now.schools, None]:
        key = school.pk if school else None
        earlier = {
            r.indicator.key: r.status for cell in before.evaluated[key] for r in cell.results
        }
        for cell in now.evaluated[key]:
            for result in cell.results:
                was = earlier.get(result.indicator.key, indicators.NO_DATA)
                if result.status in (indicators.MET, indicators.GAP) and result.status != was:
                    found.append(IndicatorChange(school=school, result=result, before=was))
    return found


def digest_for(membership: Membership, today: date) -> Digest | None:
    """The digest of the week starting on ``today``'s Monday, as ``membership`` may see it
    (None outside any school year)."""
    filters = dashboard.Filters()
    now = dashboard.build(membership, filters, today=today)
    if now is None:
        return None
    before = dashboard.build_for(
        membership.district, now.schools, filters, scoped=now.scoped, today=today - timedelta(7)
    )
    last = monday(today) - timedelta(weeks=1)
    points = now.series
    index = next((i for i, p in enumerate(points) if p.week_start == last), None)
    point = points[index] if index is not None else None
    pace = None
    if index is not None:
        previous = points[index - 1].target_hours if index > 0 else Decimal(0)
        pace = points[index].target_hours - previous
    digest = Digest(week=monday(today), now=now, last_week=point, pace=pace)
    if before is not None:
        digest.changes = indicator_changes(before, now)
    digest.sections = _sections(digest)
    return digest


def _school_path(slug: str, school: School | None, result: indicators.Result) -> str:
    if school is None:
        return reverse("dashboard", args=[slug]) + "#district-indicators"
    return reverse("school_dashboard", args=[slug, school.pk]) + f"#{result.indicator.subsystem}"


def _sections(digest: Digest) -> list[Section]:
    now, slug = digest.now, digest.now.district.slug
    headline, point = now.headline, digest.last_week
    dashboard_path = reverse("dashboard", args=[slug])
    hours_lines = []
    if point is not None and digest.pace is not None:
        week = f"{point.week_start:%b %-d}–{point.week_start + timedelta(days=6):%b %-d}"
        hours_lines.append(
            Line(
                f"Last week ({week}) was a break: no PL was due."
                if point.is_break
                else f"Last week ({week}): {hours(point.meaningful_hours)} of meaningful PL per "
                f"teacher, against a pace of {hours(digest.pace)} a week to reach "
                f"{floatformat(now.year.target_hours, -1)} h by the year's end.",
                dashboard_path + "#trend",
            )
        )
    hours_lines.append(
        Line(
            f"So far this year: {hours(headline.meaningful_hours)} per teacher of "
            f"{hours(headline.prorated_target)} due by now ({headline.status_label.lower()}); "
            f"{hours(headline.projection)} projected by the year's end.",
            dashboard_path + "#headline",
        )
    )
    changed = [
        Line(
            f"{change.school.name if change.school else 'District (all schools)'}: "
            f"{change.result.indicator.label} "
            f"{'turned met' if change.result.status == indicators.MET else 'turned a gap'} at "
            f"{with_unit(change.result.value, change.result.indicator.unit)}, goal "
            f"{with_unit(change.result.goal, change.result.indicator.unit)}.",
            _school_path(slug, change.school, change.result),
        )
        for change in digest.changes
    ]
    gaps = [
        Line(
            f"{school.name}: {result.indicator.label} at "
            f"{with_unit(result.value, result.indicator.unit)}, goal "
            f"{with_unit(result.goal, result.indicator.unit)} "
            f"({floatformat(result.distance, -1)} short).",
            _school_path(slug, school, result),
        )
        for school, result in digest.gaps
    ]
    plan = reverse("plan", args=[slug])
    key_results = [
        Line(
            f"“{row.kr.title}” due {row.kr.due_date:%b %-d}: "
            + (
                f"{floatformat(row.latest.value, -2)} {row.kr.unit} of "
                f"{floatformat(row.kr.target, -2)} ({floatformat(row.progress * 100, 0)} %)."
                if row.latest is not None and row.progress is not None
                else "not checked in yet."
            ),
            plan + f"#kr-{row.kr.pk}",
        )
        for row in digest.key_results_due
    ]
    return [
        Section("Meaningful hours", hours_lines),
        Section(
            "Indicators that turned met or a gap since last week",
            changed,
            "None: every indicator is where it was a week ago.",
        ),
        Section("The biggest gaps", gaps, "No gaps: every indicator with data meets its goal."),
        Section(
            "Key results due in the next four weeks",
            key_results,
            "None due in the next four weeks.",
        ),
    ]
