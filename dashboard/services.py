"""Writes of the dashboard app: asking for a board report (``reports`` makes it)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dashboard import lifecycle, packets
from dashboard.models import BoardReport, PacketPart, Paper, ReportKind, SchoolPages
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
    _check_asked(district=district, school_year=school_year, period=period, paper=paper)
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


def packet_request(
    *,
    district: District,
    school_year: SchoolYear | None = None,
    period: str = "ytd",
    paper: str = Paper.LETTER,
    requested_by: User | None = None,
) -> BoardReport:
    """Record a school packet and a part per active school in one transaction; once it is
    committed, queue one task per school (``packets`` makes and gathers them)."""
    _check_asked(district=district, school_year=school_year, period=period, paper=paper)
    schools = list(
        School.objects.for_district(district).filter(active=True).order_by("name").only("pk")
    )
    if not schools:
        raise ValidationError("The district has no active school: a packet would be empty.")
    with transaction.atomic():
        packet = BoardReport.objects.create(
            district=district,
            kind=ReportKind.PACKET,
            school=None,
            school_year=school_year,
            period=period,
            paper=paper,
            requested_by=requested_by,
        )
        parts = PacketPart.objects.bulk_create(
            PacketPart(district=district, report=packet, school=school) for school in schools
        )
        part_ids = [part.pk for part in parts]
        # After the commit (the rows exist); a refused hand-off fails the packet, visibly.
        transaction.on_commit(lambda: packets.packet_queue_parts(packet.pk, part_ids))
    return packet


def _check_asked(
    *, district: District, school_year: SchoolYear | None, period: str, paper: str
) -> None:
    """What every report and packet is asked for with, refused with what is allowed."""
    if school_year is not None and school_year.district_id != district.pk:
        raise ValidationError("That school year is not this district's.")
    if period not in WINDOWS:
        raise ValidationError({"period": [f"Choose one of: {', '.join(WINDOWS.values())}."]})
    if paper not in Paper.values:
        raise ValidationError({"paper": ["Choose US Letter or A4."]})


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
