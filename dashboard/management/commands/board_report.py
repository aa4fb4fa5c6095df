from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboard.models import SCHOOL_PAGES_UP_TO, BoardReport, Paper, SchoolPages
from dashboard.reports import render_pdf
from dashboard.selectors import WINDOWS
from districts.models import District, School


class Command(BaseCommand):
    help = "Make a board report PDF now, from the command line (the same report as the web page)."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, metavar="SLUG")
        parser.add_argument("--school", metavar="CODE", help="A school's report instead.")
        parser.add_argument(
            "--period",
            choices=sorted(WINDOWS),
            default="ytd",
            help="ytd: school year to date; 90 or 30: the last days.",
        )
        parser.add_argument("--paper", choices=Paper.values, default=Paper.LETTER)
        parser.add_argument(
            "--school-pages",
            choices=SchoolPages.values,
            default=SchoolPages.AUTO,
            help="How a district report lists its schools: one table, a page per school, or "
            f"auto (a table above {SCHOOL_PAGES_UP_TO} active schools).",
        )
        parser.add_argument("--out", required=True, metavar="FILE.pdf")

    def handle(self, *args, district, school, period, paper, out, school_pages, **options):
        found = District.objects.filter(slug=district).first()
        if found is None:
            raise CommandError(f"No district with the slug {district!r}.")
        chosen = None
        if school:
            chosen = School.objects.for_district(found).filter(code=school).first()
            if chosen is None:
                raise CommandError(f"No school with the code {school!r} in {found.name}.")
        # Not saved: the command writes the file it was asked for and keeps no record.
        report = BoardReport(
            district=found, school=chosen, period=period, paper=paper, school_pages=school_pages
        )
        pdf = render_pdf(report)
        Path(out).write_bytes(pdf)
        self.stdout.write(f"Wrote {out}: {report.pages} pages, {len(pdf) // 1024} KB.")
