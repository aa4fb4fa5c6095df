"""Writes of the dashboard app: asking for a board report and making it."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dashboard.models import BoardReport, Paper, ReportStatus
from dashboard.selectors import WINDOWS
from districts.models import District, School, User

logger = logging.getLogger(__name__)


def report_request(
    *,
    district: District,
    school: School | None = None,
    period: str = "ytd",
    paper: str = Paper.LETTER,
    requested_by: User | None = None,
) -> BoardReport:
    """Record what was asked for and queue the work once the request is saved."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError("That school is not in this district.")
    if period not in WINDOWS:
        raise ValidationError({"period": [f"Choose one of: {', '.join(WINDOWS.values())}."]})
    if paper not in Paper.values:
        raise ValidationError({"paper": ["Choose US Letter or A4."]})
    with transaction.atomic():
        report = BoardReport.objects.create(
            district=district, school=school, period=period, paper=paper, requested_by=requested_by
        )

        def queue():
            from dashboard.tasks import generate_report

            generate_report.delay(str(report.pk))

        transaction.on_commit(queue)
    return report


def report_regenerate(*, district: District, report: BoardReport, requested_by: User | None):
    """The same report again, with today's figures (the old one is kept)."""
    return report_request(
        district=district,
        school=report.school,
        period=report.period,
        paper=report.paper,
        requested_by=requested_by,
    )


def report_generate(*, report_id) -> BoardReport | None:
    """Make the PDF; progress and failures are saved on the report for the page to show."""
    from dashboard.reports import render_pdf

    report = BoardReport.objects.select_related("district", "school").filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return report

    def progress(step: int) -> None:
        BoardReport.objects.filter(pk=report.pk).update(progress=step)

    BoardReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=10)
    try:
        pdf = render_pdf(report, progress)
    except Exception as exc:  # the page shows the failure; the log keeps the traceback
        logger.exception("Board report %s failed", report.pk)
        BoardReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        report.refresh_from_db()
        return report
    name = (
        f"{report.district.slug}-{'school-' + report.school.code if report.school else 'district'}"
    )
    report.file.save(f"{name}-{report.pk}.pdf", ContentFile(pdf), save=False)
    report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at", "pages"])
    return report
