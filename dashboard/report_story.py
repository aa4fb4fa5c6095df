"""The board report's story: the executive summary that opens it, and how its school pages
are laid out.

Every figure of the summary comes from the dashboard's selectors (``data`` is the
dashboard built for the report); the summary only picks, rounds and compares them. Its
figures are kept on the report (``BoardReport.figures``) so the next report of the same
kind, scope and period can say what changed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from dashboard.models import SCHOOL_PAGES_UP_TO, BoardReport, ReportStatus, SchoolPages
from districts.templatetags.coherence import with_unit  # the report's one way to write a unit
from subsystems.models import Confidence

TENTH = Decimal("0.1")
GAPS_IN_SUMMARY = 3
AT_RISK = (Confidence.AT_RISK, Confidence.OFF_TRACK)


def tenth(value) -> Decimal:
    """A figure as the reader sees it: to a tenth."""
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Gap:
    school: str
    subsystem: str
    indicator: str
    value: str  # with its unit
    goal: str  # with its unit
    activity: str  # what the subsystem did in the period; empty when told above


@dataclass(frozen=True)
class KeyResultAtRisk:
    objective: str
    key_result: str
    latest: str  # with its unit
    target: str  # with its unit
    confidence: str


@dataclass(frozen=True)
class Previous:
    """The figures of the previous report the summary compares with."""

    made_on: date
    meaningful_hours: Decimal
    indicators_met: int | None


@dataclass(frozen=True)
class Summary:
    school_year: str
    meaningful_hours: Decimal  # to a tenth, as printed
    prorated_target: Decimal
    year_target: Decimal
    projection: Decimal
    status: str
    status_label: str
    educators: int
    indicators_met: int
    indicators_with_data: int
    gaps: list[Gap]
    at_risk: list[KeyResultAtRisk]  # listed: the district's, and a school report's own
    schools_at_risk: int  # counted: in a district report, the schools' key results at risk
    previous: Previous | None

    @property
    def hours_change(self) -> Decimal | None:
        """The change in meaningful hours since the previous report, from the two printed
        figures, so the sentence adds up for the reader."""
        if self.previous is None:
            return None
        return self.meaningful_hours - self.previous.meaningful_hours

    @property
    def hours_change_abs(self) -> Decimal | None:
        change = self.hours_change
        return None if change is None else abs(change)

    @property
    def indicators_change(self) -> int | None:
        if self.previous is None or self.previous.indicators_met is None:
            return None
        return self.indicators_met - self.previous.indicators_met

    @property
    def indicators_change_abs(self) -> int | None:
        change = self.indicators_change
        return None if change is None else abs(change)

    @property
    def share_of_target(self) -> int | None:
        """Meaningful hours as a whole percentage of the pro-rated target."""
        if not self.prorated_target:
            return None
        return int((self.meaningful_hours * 100 / self.prorated_target).to_integral_value())

    def as_figures(self) -> dict:
        """What the next report compares with: strings and numbers only (JSON)."""
        return {
            "school_year": self.school_year,
            "meaningful_hours": str(self.meaningful_hours),
            "prorated_target": str(self.prorated_target),
            "year_target": str(self.year_target),
            "projection": str(self.projection),
            "status": self.status,
            "educators": self.educators,
            "indicators_met": self.indicators_met,
            "indicators_with_data": self.indicators_with_data,
            "gaps": [f"{g.school}: {g.indicator}" for g in self.gaps],
            "key_results_at_risk": len(self.at_risk) + self.schools_at_risk,
        }


def previous_report(report: BoardReport, school_year_name: str) -> BoardReport | None:
    """The last report made before this one with the same kind, scope (the same school or
    the district), period and school year, kept with its figures."""
    earlier = (
        BoardReport.objects.for_district(report.district)
        .filter(
            kind=report.kind,
            school=report.school_id,
            period=report.period,
            status=ReportStatus.DONE,
            figures__school_year=school_year_name,
        )
        .order_by("-created_at")
    )
    if report.pk is not None:
        earlier = earlier.exclude(pk=report.pk)
        if report.created_at is not None:
            earlier = earlier.filter(created_at__lt=report.created_at)
    return earlier.first()


def _previous(report: BoardReport, school_year_name: str) -> Previous | None:
    found = previous_report(report, school_year_name)
    if found is None:
        return None
    try:
        hours = tenth(found.figures["meaningful_hours"])
    except (KeyError, ArithmeticError, TypeError, ValueError):
        return None  # figures from an older layout: nothing to compare with
    met = found.figures.get("indicators_met")
    return Previous(
        made_on=timezone.localdate(found.finished_at or found.created_at),
        meaningful_hours=hours,
        indicators_met=met if isinstance(met, int) else None,
    )


def scope_cells(report: BoardReport, data) -> list:
    """The subsystem cells the report speaks for: the school's in a school report, the
    district's otherwise."""
    return data.evaluated[report.school_id] if report.school_id else data.district_cells


def objectives_in_full(report: BoardReport, objectives: list[dict]) -> tuple[list, list]:
    """The objectives a report shows in full, and those it lists a line per key result in
    its table of schools' objectives: a district report tables the schools'; a school
    report shows all of its own (and the district's) in full."""
    if report.school_id:
        return objectives, []
    in_full = [item for item in objectives if not item["objective"].school_id]
    return in_full, [item for item in objectives if item["objective"].school_id]


def report_summary(report: BoardReport, data, activity: dict[str, str]) -> Summary:
    """The executive summary's figures, from the dashboard's selectors (``data``) and what
    each subsystem did in the period (``activity``)."""
    headline = data.headline
    cells = scope_cells(report, data)
    labels = {cell.key: cell.label for cell in cells}
    gaps, told = [], set()
    for school, result in data.gaps[:GAPS_IN_SUMMARY]:
        subsystem = result.indicator.subsystem
        gaps.append(
            Gap(
                school=school.name,
                subsystem=labels.get(subsystem, subsystem),
                indicator=result.indicator.label,
                value=with_unit(result.value, result.indicator.unit),
                goal=with_unit(result.goal, result.indicator.unit),
                # what the subsystem did, told once when several gaps share it
                activity="" if subsystem in told else activity.get(subsystem, ""),
            )
        )
        told.add(subsystem)
    # The key results at risk of the objectives shown in full are named; those of the
    # table of schools' objectives are counted.
    in_full, tabled = objectives_in_full(report, data.objectives)
    at_risk = [
        KeyResultAtRisk(
            objective=item["objective"].title,
            key_result=row.kr.title,
            latest=with_unit(row.latest.value, row.kr.unit),
            target=with_unit(row.kr.target, row.kr.unit),
            confidence=row.latest.get_confidence_display(),
        )
        for item in in_full
        for row in _at_risk(item)
    ]
    schools_at_risk = sum(len(_at_risk(item)) for item in tabled)
    school_year = data.year.school_year.name
    return Summary(
        school_year=school_year,
        meaningful_hours=tenth(headline.meaningful_hours),
        prorated_target=tenth(headline.prorated_target),
        year_target=Decimal(data.year.target_hours),
        projection=tenth(headline.projection),
        status=headline.status,
        status_label=headline.status_label,
        educators=headline.educators,
        indicators_met=sum(cell.met for cell in cells),
        indicators_with_data=sum(cell.with_data for cell in cells),
        gaps=gaps,
        at_risk=at_risk,
        schools_at_risk=schools_at_risk,
        previous=_previous(report, school_year),
    )


def school_layout(report: BoardReport, school_count: int) -> str:
    """How a report lists its schools: ``table`` (one row per school) or ``pages`` (a page
    per school). Automatic: a table above ``SCHOOL_PAGES_UP_TO`` schools. A school's own
    report has its one page."""
    if report.school_id:
        return SchoolPages.PAGES
    if report.school_pages in (SchoolPages.TABLE, SchoolPages.PAGES):
        return report.school_pages
    return SchoolPages.TABLE if school_count > SCHOOL_PAGES_UP_TO else SchoolPages.PAGES


def _at_risk(item: dict) -> list:
    """An objective's key results whose latest check-in is at risk or off track."""
    return [
        row
        for row in item["key_results"]
        if row.latest is not None and row.latest.confidence in AT_RISK
    ]
