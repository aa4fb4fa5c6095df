"""Print the PL-hours performance figures (a benchmark, not a test).

    DATABASE_URL=postgres://… python manage.py benchmark_hours [--size large]

Seeds the demo districts with a whole school year of activity, then measures:
the seed; a full rollup next to the bare SQL GROUP BY over the same ledger;
the incremental recompute of one week after one new PLC meeting; and the
query count and server time of the district hours page, for the 12-school
demo district and for the seeded size.
"""

import statistics
import time
from datetime import date, timedelta
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client

from districts.demo import school_year_around
from districts.models import District, Membership, Role, School
from districts.roster_import import roster_import
from pl_hours.models import LedgerEntry, SchoolWeekRollup, WeeklyRollup
from pl_hours.rollups import (
    ROLLUP_FIGURES,
    ROLLUP_SESSION_SETTINGS,
    grouped_ledger_sql,
    rollups_recompute,
    rollups_recompute_dirty,
)
from plcs.models import PLCTeam
from plcs.services import plc_meeting_record


def timed(function, repeat: int = 1) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def count_queries(client, url) -> int:
    """The number of SQL statements one request runs (counted at the driver, DEBUG or not)."""
    executed = []

    def record(run, sql, *args):
        executed.append(sql)
        return run(sql, *args)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200, url
    return len(executed)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["demo", "large"], default="large")
        parser.add_argument(
            "--only", choices=["roster"], help="run one part (roster: the roster import alone)"
        )

    def handle(self, *args, size, only=None, **options):
        self.stdout.write(f"Database: {connection.vendor}")
        self.roster_import_figures()
        if only == "roster":
            return
        # A whole school year of activity: pretend today is the last week of the year.
        _, _, end = school_year_around(date.today())
        year_end = end - timedelta(days=4)
        small_page = self.seed_and_measure_page("demo", year_end)
        if size == "demo":
            self.report_ledger()
            return
        large_page = self.seed_and_measure_page(size, year_end)
        self.report_ledger()
        self.settle()
        self.stdout.write("\nDistrict hours page (/d/riverside/hours/)")
        for label, (queries, seconds, schools) in (("demo", small_page), (size, large_page)):
            self.stdout.write(
                f"  {label:<6} {schools:>4} schools: {queries} queries, "
                f"median {seconds * 1000:.0f} ms"
            )
        verdict = "same" if small_page[0] == large_page[0] else "DIFFERENT"
        self.stdout.write(f"  query count for 12 and {large_page[2]} schools: {verdict}")
        self.stdout.write("\nBoard report (district, school year to date)")
        for label, seconds, pages in (("demo", *self.small_report), (size, *self.report_time())):
            self.stdout.write(f"  {label:<6} {seconds:.1f} s, {pages} pages")
        self.stdout.write("\nDashboard (/d/riverside/dashboard/), median of 5")
        for label, figures in (("demo", self.small_dashboard), (size, self.dashboard_figures())):
            for name, (queries, seconds) in figures.items():
                self.stdout.write(
                    f"  {label:<6} {name:<16} {queries:>3} queries, {seconds * 1000:>5.0f} ms"
                )

    def roster_import_figures(self, educators: int = 50_000, schools: int = 20):
        """Import a roster of ``educators`` into a scratch district, then the same people
        with every row changed (a new surname, another school), then the same file again."""
        district = District.objects.create(slug="roster-benchmark", name="Roster benchmark")
        try:
            codes = [f"S{n:03}" for n in range(schools)]
            roster_import(
                district=district,
                raw=("code,name\n" + "".join(f"{c},School {c}\n" for c in codes)).encode(),
            )

            def roster(surname: str, shift: int) -> bytes:
                header = "email,first_name,last_name,school_code,position,teaches_math\n"
                rows = (
                    f"t{n}@example.org,Teacher,{surname}{n},{codes[(n + shift) % schools]},"
                    "teacher,yes\n"
                    for n in range(educators)
                )
                return (header + "".join(rows)).encode()

            self.stdout.write(f"\nRoster import ({educators:,} educators, {schools} schools)")
            for label, raw in (
                ("new educators", roster("First", 0)),
                ("every row changed", roster("Second", 1)),
                ("the same file again", roster("Second", 1)),
            ):
                seconds, result = timed(lambda raw=raw: roster_import(district=district, raw=raw))
                self.stdout.write(
                    f"  {label:<20} {seconds:5.1f} s  ({result.created:,} created, "
                    f"{result.updated:,} updated, {result.unchanged:,} unchanged)"
                )
        finally:
            district.delete()

    def seed_and_measure_page(self, size, today):
        seconds, _ = timed(
            lambda: call_command("seed_demo", size=size, today=today, stdout=StringIO())
        )
        district = District.objects.get(slug="riverside")
        schools = School.objects.for_district(district).count()
        self.stdout.write(f"\nseed_demo --size {size}: {seconds:.1f} s ({schools} schools)")
        self.district = district
        admin = Membership.objects.for_district(district).get(role=Role.DISTRICT_ADMIN).user
        client = Client()
        client.force_login(admin)
        url = f"/d/{district.slug}/hours/"
        client.get(url)  # warm up
        queries = count_queries(client, url)
        page_seconds, _ = timed(lambda: client.get(url), repeat=5)
        self.client = client
        if size == "demo":
            self.small_dashboard = self.dashboard_figures()
            self.small_report = self.report_time()
        return queries, page_seconds, schools

    def report_time(self) -> tuple[float, int]:
        from dashboard.models import BoardReport
        from dashboard.reports import render_pdf

        report = BoardReport(district=self.district, period="ytd")
        seconds, _ = timed(lambda: render_pdf(report))
        return seconds, report.pages

    def dashboard_figures(self) -> dict:
        """Server time and queries of the dashboard, each partial and one school drill-down."""
        slug = self.district.slug
        school = School.objects.for_district(self.district).order_by("name").first()
        urls = {"district view": f"/d/{slug}/dashboard/"}
        for partial in ("headline", "heatmap", "gaps", "trend", "okrs"):
            urls[f"partial {partial}"] = f"/d/{slug}/dashboard/?partial={partial}"
        urls["school drill-down"] = f"/d/{slug}/dashboard/schools/{school.pk}/"
        figures = {}
        for name, url in urls.items():
            self.client.get(url)
            queries = count_queries(self.client, url)
            seconds, _ = timed(lambda url=url: self.client.get(url), repeat=5)
            figures[name] = (queries, seconds)
        return figures

    def settle(self):
        """The rollup measurements rewrote every educator-week; let the database catch up
        (as autovacuum would) so the pages below are timed in a steady state, not while
        it cleans up after this benchmark's own burst of writes."""
        if connection.vendor == "postgresql":
            tables = ", ".join(m._meta.db_table for m in (WeeklyRollup, SchoolWeekRollup))
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {tables}")

    def report_ledger(self):
        district = self.district
        ledger_rows = LedgerEntry.objects.for_district(district).count()
        self.stdout.write(f"\nLedger: {ledger_rows:,} rows")

        WeeklyRollup.objects.for_district(district).delete()
        full, written = timed(lambda: rollups_recompute(district=district))
        # The same SELECT … GROUP BY the recompute runs, every aggregate consumed, nothing written.
        figures = ", ".join(f"SUM({c})" for c in ROLLUP_FIGURES[1:])
        bare_sql = f"SELECT COUNT(*), {figures} FROM ({grouped_ledger_sql('1 = 1')}) AS grouped"

        def bare():
            # In a transaction with the recompute's own session settings, so the two
            # statements run under the same conditions.
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    for setting in ROLLUP_SESSION_SETTINGS:
                        cursor.execute(setting)
                cursor.execute(bare_sql, [district.pk])
                return cursor.fetchone()[0]

        bare_seconds, groups = timed(bare, repeat=3)
        full_again, _ = timed(lambda: rollups_recompute(district=district), repeat=3)
        self.stdout.write(
            f"Full rollup: {full:.2f} s into empty rollups, {full_again:.2f} s recomputed "
            f"({written:,} educator-weeks); bare GROUP BY: {bare_seconds:.2f} s ({groups:,} groups)"
        )
        self.stdout.write(f"  ratio full ÷ bare: {full_again / bare_seconds:.2f}× (goal ≤ 1.5×)")

        team = PLCTeam.objects.for_district(district).order_by("pk").first()
        last_meeting = team.meetings.order_by("-date").first()
        with mock.patch("pl_hours.tasks.recompute_dirty_weeks.apply_async"), transaction.atomic():
            plc_meeting_record(
                district=district,
                team=team,
                date=last_meeting.date,
                minutes=45,
                split={"logistics": 15, "instructional_planning": 30},
            )
        incremental, weeks = timed(lambda: rollups_recompute_dirty(district_id=district.pk))
        self.stdout.write(
            f"Incremental recompute after one new PLC meeting: {incremental * 1000:.0f} ms "
            f"({len(weeks)} week) (goal < 200 ms)"
        )
