"""Board reports: the dashboard's figures, typeset for print by WeasyPrint.

The report reads the same selectors as the dashboard for the same filters, so
its figures equal the dashboard's. WeasyPrint may read nothing but the
project's own static files: the URL fetcher refuses everything else.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from coaching.selectors import session_counts
from dashboard import lifecycle, report_story, selectors
from dashboard.models import BoardReport, ReportStatus, SchoolPages
from dashboard.pdf_speed import cached_page_references, paused_gc
from districts.models import School
from districts.selectors import active_priorities
from pl_hours import selectors as hours
from plcs.selectors import meetings_between
from subsystems import indicators
from subsystems.leadership.selectors import walkthrough_counts
from subsystems.materials.selectors import active_group_count
from subsystems.pd.selectors import session_count

logger = logging.getLogger(__name__)
STATIC_ROOTS = [Path(p).resolve() for p in settings.STATICFILES_DIRS]


class BlockedFetch(ValueError):
    pass


def _restricted_fetcher_class():
    from weasyprint.urls import URLFetcher

    class RestrictedURLFetcher(URLFetcher):
        """WeasyPrint may read the project's static files and data: URIs, nothing else."""

        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url[len("file://") :].split("?")[0]).resolve()
                if not any(path.is_relative_to(root) for root in STATIC_ROOTS):
                    raise BlockedFetch(f"Reports may not read {url}")
            elif not url.startswith("data:"):
                raise BlockedFetch(f"Reports may not fetch {url}")
            return super().fetch(url, headers)

    return RestrictedURLFetcher


def restricted_url_fetcher():
    return _restricted_fetcher_class()()


def stylesheet_url() -> str:
    return Path(finders.find("css/report.css")).resolve().as_uri()


def counted(n: int, one: str, many: str) -> str:
    """How many, in words: "1 PLC meeting", "3 PLC meetings"."""
    return f"{n} {one if n == 1 else many}"


def activity_counts(district, window) -> dict[str, str]:
    """What each subsystem did in the window, in words (aggregates only), from each
    subsystem's own selectors."""
    start, end = window.start, window.end
    priorities = active_priorities(district).count()
    coaching = session_counts(district, start, end)
    walks = walkthrough_counts(district, start, end)
    sessions = counted(coaching["sessions"], "coaching session", "coaching sessions")
    cycles = counted(coaching["cycles"], "cycle", "cycles")
    plc = meetings_between(district, start, end).count()
    pd = session_count(district, start, end)
    groups = active_group_count(district)
    return {
        indicators.Subsystem.VISION: counted(priorities, "active priority", "active priorities")
        + " in the plan.",
        indicators.Subsystem.COACHING: f"{sessions} in {cycles}.",
        indicators.Subsystem.LEADERSHIP: counted(walks["visits"], "walkthrough", "walkthroughs")
        + f", {walks['co_observed']} of them with a coach.",
        indicators.Subsystem.PLCS: counted(plc, "PLC meeting", "PLC meetings") + ".",
        indicators.Subsystem.PD: counted(pd, "pull-out PD session", "pull-out PD sessions") + ".",
        indicators.Subsystem.MATERIALS: counted(
            groups, "active intervention group", "active intervention groups"
        )
        + ".",
    }


def report_context(report: BoardReport) -> dict:
    """What the report template shows. Sets ``report.figures`` to the summary's figures, so
    the report, once saved, is what the next one compares with."""
    district = report.district
    filters = selectors.Filters(school_year=report.school_year, window=report.period)
    if report.school_id:
        schools = [report.school]
        data = selectors.build_for(district, schools, filters, scoped=True)
    else:
        schools = list(School.objects.for_district(district).filter(active=True).order_by("name"))
        data = selectors.build_for(district, schools, filters, scoped=False)
    if data is None:
        raise ValueError("The district has no school year yet.")
    school_layout = report_story.school_layout(report, len(schools))
    hours_by_school = _school_hours(data.year, schools, school_layout)
    activity = activity_counts(district, data.window)
    summary = report_story.report_summary(report, data, activity)
    report.figures = summary.as_figures()
    objectives, school_objectives = report_story.objectives_in_full(report, data.objectives)
    title = f"{report.school.name}: " if report.school_id else ""
    return {
        "report": report,
        "district": district,
        "title": f"{title}Mathematics improvement board report",
        "scope_name": report.school.name if report.school_id else "the district",
        "period_label": selectors.WINDOWS[report.period],
        "data": data,
        "summary": summary,
        "scope_cells": report_story.scope_cells(report, data),
        "subsystems": indicators.SUBSYSTEMS,
        "activity": activity,
        "school_layout": school_layout,
        "appendix": [
            (school, data.evaluated[school.pk], hours_by_school.get(school.pk))
            for school in schools
        ],
        "priorities": active_priorities(district),
        "objectives": objectives,
        "school_objectives": school_objectives,
        "trend_chart": data.trend_chart,
        "months": _monthly(data.series, data.year.completed_before),
        "generated_at": timezone.localtime(),
        "stylesheet": stylesheet_url(),
        "paper": "A4" if report.paper == "a4" else "Letter",
        "research_share": selectors.RESEARCH_SPLIT["instructional_planning"],
    }


def _school_hours(year, schools: list[School], layout: str) -> dict:
    """Each school's line of hours: a school page also counts its teachers by status (from
    their own rows); the table of all schools needs only the school's figures, summed from
    its weeks in two grouped queries."""
    if layout == SchoolPages.TABLE:
        totals = hours.school_totals_from_school_weeks(year, [s.pk for s in schools])
        return {
            school.pk: hours.SchoolHours(school=school, hours=totals[school.pk], statuses={})
            for school in schools
        }
    if len(schools) == 1:  # a school's report, or a packet's part: its own teachers only
        summary, rows = hours.school_hours(year, schools[0])
        line = hours.SchoolHours(
            school=schools[0], hours=summary, statuses=hours.status_counts(rows)
        )
        return {schools[0].pk: line}
    _, lines = hours.district_hours(
        year, School.objects.for_district(year.district).filter(pk__in=[s.pk for s in schools])
    )
    return {line.school.pk: line for line in lines}


def _monthly(series, completed_before):
    """The trend's table, one line a month (the chart itself has every week): the hours so
    far at the month's last completed week (None while the month has none), the target at
    the month's last week."""
    months: dict[str, list] = {}
    for point in series:
        month = months.setdefault(point.week_start.strftime("%B %Y"), [None, None])
        if point.week_start < completed_before:
            month[0] = point.cumulative_hours
        month[1] = point.target_hours
    return [(name, so_far, target) for name, (so_far, target) in months.items()]


def render_pdf(report: BoardReport, progress=lambda step: None) -> bytes:
    context = report_context(report)
    progress(40)
    html = render_to_string("dashboard/report.html", context)
    progress(60)
    # The collector is paused for the whole render: its objects all live until the PDF is
    # written. It collects once the typesetting's frame is gone, so it frees the layout
    # rather than walking it while it is still referenced.
    with paused_gc():
        return _typeset(report, html, progress)


def _typeset(report: BoardReport, html: str, progress) -> bytes:
    """Laid out once (``render``) and written from that layout: nothing is typeset twice."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=str(STATIC_ROOTS[0]), url_fetcher=restricted_url_fetcher()
    )
    rendered = document.render()
    progress(85)
    report.pages = len(rendered.pages)
    with cached_page_references():
        return rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=str(report.pk).encode())


def report_generate(*, report_id) -> BoardReport | None:
    """Make the PDF of a queued report: claim it, beat at every step, save the file or the
    failure on the report for the page to show (``lifecycle`` has the rules)."""
    report = lifecycle.report_claim(report_id)
    if report is None:  # made, failed, or in another task's hands already
        return lifecycle.report_rows(report_id).first()
    try:
        pdf = render_pdf(report, lambda step: lifecycle.report_beat(report.pk, step))
    except Exception as exc:  # the page shows the failure; the log keeps the traceback
        logger.exception("Board report %s failed", report.pk)
        lifecycle.report_fail(report.pk, str(exc) or exc.__class__.__name__)
        report.refresh_from_db()
        return report
    name = (
        f"{report.district.slug}-{'school-' + report.school.code if report.school else 'district'}"
    )
    report.file.save(f"{name}-{report.pk}.pdf", ContentFile(pdf), save=False)
    report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
    report.error = ""
    report.save(
        update_fields=["file", "status", "progress", "finished_at", "pages", "error", "figures"]
    )
    return report
