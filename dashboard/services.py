"""Writes of the dashboard app: asking for a board report (``reports`` makes it)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dashboard import lifecycle
from dashboard.models import BoardReport, Paper, ReportKind, SchoolPages
from dashboard.packets import packet_request
from dashboard.selectors import WINDOWS
from districts.models import District, School, SchoolYear, User


def report_request(
    *,
    district: District,
    school: School | None = None,
    school_year: SchoolYear | None = None,
    period: str = "ytd",
    paper: str = Paper.LETTER,
    school_pages: str = SchoolPages.AUTO,
    requested_by: User | None = None,
) -> BoardReport:
    """Record what was asked for and queue the work once the request is saved."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError("That school is not in this district.")
    if school_year is not None and school_year.district_id != district.pk:
        raise ValidationError("That school year is not this district's.")
    if period not in WINDOWS:
        raise ValidationError({"period": [f"Choose one of: {', '.join(WINDOWS.values())}."]})
    if paper not in Paper.values:
        raise ValidationError({"paper": ["Choose US Letter or A4."]})
    if school_pages not in SchoolPages.values:
        raise ValidationError(
            {
                "school_pages": [
                    "For the schools choose one of: "
                    + "; ".join(f"{value} ({label})" for value, label in SchoolPages.choices)
                    + "."
                ]
            }
        )
    with transaction.atomic():
        report = BoardReport.objects.create(
            district=district,
            school=school,
            school_year=school_year,
            period=period,
            paper=paper,
            school_pages=school_pages,
            requested_by=requested_by,
        )

        # The task makes it after the commit; a refused hand-off leaves it failed, visibly.
        transaction.on_commit(lambda: lifecycle.report_queue(report.pk))
    return report


def report_ask(
    *,
    district: District,
    kind: str = ReportKind.REPORT,
    school: School | None = None,
    school_year: SchoolYear | None = None,
    period: str = "ytd",
    paper: str = Paper.LETTER,
    school_pages: str = SchoolPages.AUTO,
    requested_by: User | None = None,
) -> BoardReport:
    """One report or a school packet, as asked (the page's and the API's one way in)."""
    if kind == ReportKind.PACKET:
        if school is not None:
            raise ValidationError({"school": ["A school packet is the whole district's."]})
        return packet_request(
            district=district,
            school_year=school_year,
            period=period,
            paper=paper,
            requested_by=requested_by,
        )
    if kind != ReportKind.REPORT:
        raise ValidationError({"kind": ["Choose one report or a school packet."]})
    return report_request(
        district=district,
        school=school,
        school_year=school_year,
        period=period,
        paper=paper,
        school_pages=school_pages,
        requested_by=requested_by,
    )


def report_regenerate(
    *, district: District, report: BoardReport, requested_by: User | None
) -> BoardReport:
    """The same report again, with today's figures (the old one is kept)."""
    if report.kind == ReportKind.PACKET:
        return packet_request(
            district=district,
            school_year=report.school_year,
            period=report.period,
            paper=report.paper,
            requested_by=requested_by,
        )
    return report_request(
        district=district,
        school=report.school,
        school_year=report.school_year,
        period=report.period,
        paper=report.paper,
        school_pages=report.school_pages,
        requested_by=requested_by,
    )
