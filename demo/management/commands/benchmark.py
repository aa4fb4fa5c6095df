"""Print the PL-hours performance figures (a benchmark, not a test).

    DATABASE_URL=postgres://… python manage.py benchmark_hours [--size large]

Seeds the demo districts with a whole school year of activity, then measures:
the seed; a full rollup next to the bare SQL GROUP BY over the same ledger;
the incremental recompute of one week after one new PLC meeting; the
query count and server time of the district hours page, for the 12-school
demo district and for the seeded size; the board report, each in a fresh process,
for 12, 50 and 150 schools; and a school packet made by one, then two, real
reports workers through Redis (``BENCHMARK_REDIS_URL``, default database 11 of the
Redis at 127.0.0.1:6379).

Pages and reports are timed on a fixed day, the last week of the seeded school year, so
every run sees a whole year of activity whatever the real date.
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
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


ROOT = Path(__file__).resolve().parents[3]
RUNS = 3  # fresh processes per report figure; the median is printed
PAIRS = 5  # interleaved (full rollup, bare GROUP BY) pairs

# A fresh process that makes one board report and prints what it cost: CPU time of the
# process and wall time around render_pdf alone (Django and WeasyPrint imported before).
# argv: the moment to pretend it is, the district's slug, school_pages, what to leave out.
REPORT_CHILD = """
import contextlib, json, os, sys, time
from datetime import datetime
import time_machine
time_machine.travel(datetime.fromisoformat(sys.argv[1]), tick=True).start()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
import gc, weasyprint  # noqa: a reports worker has it imported, its heap frozen, before it forks
gc.collect()
gc.freeze()
from dashboard import pdf_speed, reports
from dashboard.models import BoardReport
from districts.models import District
if "cache" in sys.argv[4]:
    pdf_speed.VERIFIED_VERSIONS.clear()
if "gc" in sys.argv[4]:
    reports.paused_gc = contextlib.nullcontext
report = BoardReport(
    district=District.objects.get(slug=sys.argv[2]), period="ytd", school_pages=sys.argv[3]
)
steps = {}
cpu, wall = time.process_time(), time.perf_counter()
pdf = reports.render_pdf(report, lambda step: steps.setdefault(step, time.process_time()))
end = time.process_time()
cpu, wall = end - cpu, time.perf_counter() - wall
at = [end - cpu, steps[40], steps[60], steps[85], end]  # PHASES' bounds
phases = [b - a for a, b in zip(at, at[1:])]
figures = {"cpu": cpu, "wall": wall, "pages": report.pages, "bytes": len(pdf)}
print(json.dumps({**figures, "phases": phases}))
"""
# The CPU of a report's phases, from render_pdf's own progress steps (40, 60, 85).
PHASES = {
    "figures": "the figures (selectors)",
    "html": "the HTML (template)",
    "layout": "parsed, styled and laid out",
    "pdf": "drawn, tagged, written, collected",
}

# WeasyPrint alone: a table of 150 × 9 cells with the report's stylesheet, as a tagged PDF.
# argv: empty | figures | paragraphs.
ENGINE_CHILD = """
import json, sys, time
import weasyprint
css = open("static/css/report.css").read()
weasyprint.HTML(string="<p>warm</p>").write_pdf()  # fonts loaded, as after the first report
cell = "" if sys.argv[1] == "empty" else "2 of 3"
rows = [f"<tr><th scope=row>School {i}</th>" + f"<td>{cell}</td>" * 8 + "</tr>" for i in range(150)]
head = "<tr>" + "<th scope=col>Heading</th>" * 9 + "</tr>"
if sys.argv[1] == "paragraphs":
    body = "".join(f"<p>School {i}" + f" {cell}" * 8 + "</p>" for i in range(150))
else:
    body = (
        f"<table class='compact all-schools'><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
html = (
    f"<html lang=en><head><title>Floor</title><style>{css}</style></head>"
    f"<body>{body}</body></html>"
)
cpu = time.process_time()
weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
print(json.dumps({"cpu": time.process_time() - cpu}))
"""

# A reports worker as deployed (docker-compose.yml), on the same fixed day.
WORKER = """
import sys
from datetime import datetime
import time_machine
time_machine.travel(datetime.fromisoformat(sys.argv[1]), tick=True).start()
sys.argv = ["celery", *sys.argv[2:]]
from celery.__main__ import main
main()
"""


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
            "--only",
            choices=["roster", "reports", "packets"],
            help="run one part (roster: the roster import alone; reports: the seed and the "
            "board reports; packets: the seed and the school packet's workers)",
        )

    def handle(self, *args, size, only=None, **options):
        self.stdout.write(f"Database: {connection.vendor}")
        if only not in ("reports", "packets"):
            self.roster_import_figures()
        if only == "roster":
            return
        self.only = only
        # A whole school year of activity: pretend today is the last week of the year.
        _, _, end = school_year_around(date.today())
        year_end = end - timedelta(days=4)
        self.moment = datetime.combine(year_end, datetime.min.time().replace(hour=12)).replace(
            tzinfo=ZoneInfo("America/Chicago")
        )
        with time_machine.travel(self.moment, tick=True):
            self.figures(size, year_end)

    def figures(self, size, year_end):
        if self.only in ("reports", "packets"):
            self.seed_and_measure_page(size, year_end)
            if self.only == "reports":
                self.report_figures()
            else:
                self.packet_figures()
            return
        small_page = self.seed_and_measure_page("demo", year_end)
        if size == "demo":
            self.report_ledger()
            self.report_figures()
            self.packet_figures()
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
        self.stdout.write("\nDashboard (/d/riverside/dashboard/), median of 5")
        for label, figures in (("demo", self.small_dashboard), (size, self.dashboard_figures())):
            for name, (queries, seconds) in figures.items():
                self.stdout.write(
                    f"  {label:<6} {name:<16} {queries:>3} queries, {seconds * 1000:>5.0f} ms"
                )
        self.report_figures()
        self.packet_figures()

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
        return queries, page_seconds, schools

    # --- Board reports and school packets ---------------------------------------------------

    @contextlib.contextmanager
    def schools_limited_to(self, count: int):
        """Only the first ``count`` active schools (by name) active for the block."""
        schools = School.objects.for_district(self.district)
        active = list(schools.filter(active=True).order_by("name").values_list("pk", flat=True))
        schools.filter(pk__in=active[count:]).update(active=False)
        try:
            yield min(count, len(active))
        finally:
            schools.filter(pk__in=active).update(active=True)

    def fresh_report(self, school_pages: str, leave_out: str = "") -> dict:
        """One board report made in a new process: its CPU and wall time around render_pdf."""
        return run_child(
            REPORT_CHILD,
            self.moment.isoformat(),
            self.district.slug,
            school_pages,
            leave_out or "-",
        )

    def fresh_reports(self, school_pages: str, runs: int = RUNS) -> dict:
        results = [self.fresh_report(school_pages) for _ in range(runs)]
        return {
            "cpu": statistics.median(r["cpu"] for r in results),
            "wall": statistics.median(r["wall"] for r in results),
            "pages": results[0]["pages"],
            "phases": {
                name: statistics.median(r["phases"][i] for r in results)
                for i, name in enumerate(PHASES)
            },
        }

    def phases_line(self, phases: dict, per: int = 1) -> str:
        return ", ".join(
            f"{label} {phases[name] / per * 1000:.0f} ms" for name, label in PHASES.items()
        )

    def report_figures(self):
        total = School.objects.for_district(self.district).filter(active=True).count()
        self.stdout.write(
            f"\nBoard report, district, school year to date: a fresh process each, "
            f"median of {RUNS} (CPU and wall time around render_pdf)"
        )
        by_schools = {}
        for count in sorted({n for n in (12, 50, 150) if n <= total} | {min(total, 150)}):
            with self.schools_limited_to(count):
                figures = self.fresh_reports("pages")
            by_schools[count] = figures
            self.stdout.write(
                f"  a page per school, {count:>3} schools: CPU {figures['cpu']:.2f} s, "
                f"wall {figures['wall']:.2f} s, {figures['pages']} pages"
            )
        counts = sorted(by_schools)
        for low, high in zip(counts, counts[1:], strict=False):
            marginal = (by_schools[high]["cpu"] - by_schools[low]["cpu"]) / (high - low)
            self.stdout.write(
                f"  marginal CPU per school page, {low}→{high} schools: "
                f"{marginal * 1000:.0f} ms (goal ≤ 50 ms)"
            )
        if len(counts) > 2:
            low, high = counts[0], counts[-1]
            marginal = (by_schools[high]["cpu"] - by_schools[low]["cpu"]) / (high - low)
            self.stdout.write(
                f"  marginal CPU per school page, {low}→{high} schools: "
                f"{marginal * 1000:.0f} ms (goal ≤ 50 ms)"
            )
        if len(counts) > 1:
            low, high = counts[0], counts[-1]
            extra = {
                name: by_schools[high]["phases"][name] - by_schools[low]["phases"][name]
                for name in PHASES
            }
            self.stdout.write(
                f"    of which, per school page: {self.phases_line(extra, high - low)}"
            )
        figures = self.fresh_reports("auto")
        self.stdout.write(
            f"  the default district report (school pages: auto), {total} schools: "
            f"CPU {figures['cpu']:.2f} s, wall {figures['wall']:.2f} s, {figures['pages']} pages "
            "(goal < 2 s)"
        )
        self.stdout.write(f"    of which: {self.phases_line(figures['phases'])}")
        self.engine_floor()
        shipped = by_schools[counts[-1]]
        floor = {
            label: self.fresh_report("pages", leave_out)
            for label, leave_out in (
                ("without caching pydyf's page references", "cache"),
                ("without pausing the garbage collector", "gc"),
            )
        }
        self.stdout.write(f"  a page per school, {counts[-1]} schools, one run each:")
        for label, figures in floor.items():
            self.stdout.write(
                f"    {label}: CPU {figures['cpu']:.2f} s (as shipped {shipped['cpu']:.2f} s)"
            )

    def engine_floor(self):
        """What WeasyPrint costs per table cell, whatever the report: a table of 150 rows of
        9 cells in the report's stylesheet, made into a tagged PDF in a fresh process, with
        the cells empty and with a figure in each; and the same figures as paragraphs."""
        kinds = ("empty", "figures", "paragraphs")
        results = {kind: run_child(ENGINE_CHILD, kind) for kind in kinds}
        cells = 150 * 9
        self.stdout.write(
            "  WeasyPrint's own cost, a table of 150 × 9 cells (fresh process, tagged PDF): "
            f"empty cells {results['empty']['cpu']:.2f} s "
            f"({results['empty']['cpu'] / cells * 1000:.2f} ms a cell), "
            f'"2 of 3" in each {results["figures"]["cpu"]:.2f} s '
            f"({results['figures']['cpu'] / cells * 1000:.2f} ms a cell); the same text as "
            f"150 paragraphs {results['paragraphs']['cpu']:.2f} s"
        )

    def packet_figures(self):
        from dashboard.models import BoardReport, ReportStatus
        from dashboard.services import packet_request

        broker = os.environ.get("BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379/11")
        schools = School.objects.for_district(self.district).filter(active=True).count()
        self.stdout.write(
            f"\nSchool packet, {schools} schools: real reports workers "
            "(-Q reports --concurrency 1 --max-tasks-per-child 1) through Redis"
        )
        try:
            import redis

            redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
        except Exception as exc:  # noqa: BLE001 - say why and go on
            self.stdout.write(f"  skipped: no Redis at {broker} ({exc})")
            return
        seconds = {}
        for workers in (1, 2):
            processes = [self.start_reports_worker(n, broker) for n in range(workers)]
            try:
                with sending_to(broker):
                    started = time.perf_counter()
                    packet = packet_request(district=self.district, period="ytd")
                    finished = BoardReport.objects.for_district(self.district).filter(
                        pk=packet.pk, status__in=(ReportStatus.DONE, ReportStatus.FAILED)
                    )
                    while not finished.exists():
                        if time.perf_counter() - started > 1800:
                            raise RuntimeError("the packet took more than 30 minutes")
                        time.sleep(0.2)
                    seconds[workers] = time.perf_counter() - started
            finally:
                for process in processes:
                    stop_process(process)
            packet.refresh_from_db()
            self.stdout.write(
                f"  {workers} worker{'s' if workers > 1 else ''}: {seconds[workers]:.1f} s, "
                f"{packet.status}, {packet.pages} pages"
                + (f" ({packet.error[:200]})" if packet.error else "")
            )
        self.stdout.write(f"  ratio two ÷ one: {seconds[2] / seconds[1]:.2f} (goal ≤ 0.6)")
        self.stdout.write(
            f"  this machine's own two ÷ one, the same CPU-bound loop split over two "
            f"processes: {cpu_parallel_ratio():.2f} (0.5 with two idle cores)"
        )

    def start_reports_worker(self, number: int, broker: str) -> subprocess.Popen:
        env = {**os.environ, "REDIS_URL": broker}
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                self.moment.isoformat(),
                "-A",
                "config",
                "worker",
                "-Q",
                "reports",
                "--concurrency",
                "1",
                "--max-tasks-per-child",
                "1",
                "-n",
                f"benchmark{number}@%h",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        ready = threading.Event()
        process.tail = []

        def read() -> None:  # keep the pipe drained; note when the worker is ready
            for line in process.stdout:
                process.tail = [*process.tail[-50:], line]
                if " ready." in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(60):
            stop_process(process)
            raise RuntimeError("a reports worker did not start:\n" + "".join(process.tail))
        return process

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
        first, written = timed(lambda: rollups_recompute(district=district))
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

        # Interleaved pairs, so both see the same state of the machine and the database.
        fulls, bares, ratios = [], [], []
        for _ in range(PAIRS):
            full, _ = timed(lambda: rollups_recompute(district=district))
            bare_seconds, groups = timed(bare)
            fulls.append(full)
            bares.append(bare_seconds)
            ratios.append(full / bare_seconds)
        self.stdout.write(
            f"Full rollup: {first:.2f} s into empty rollups, median "
            f"{statistics.median(fulls):.2f} s recomputed ({written:,} educator-weeks); bare "
            f"GROUP BY: median {statistics.median(bares):.2f} s ({groups:,} groups)"
        )
        self.stdout.write(
            f"  ratio full ÷ bare, median of {PAIRS} interleaved pairs: "
            f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}×) "
            "(goal ≤ 1.5×)"
        )

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


@contextlib.contextmanager
def sending_to(broker: str):
    """This process's tasks go to ``broker`` for real within the block (the benchmark itself
    runs without REDIS_URL: its tasks run in-process otherwise)."""
    from kombu import pools

    from config.celery import app

    def forget_connections() -> None:
        if app._pool is not None:
            with contextlib.suppress(Exception):
                app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None
        pools.reset()

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    forget_connections()
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    try:
        yield
    finally:
        forget_connections()
        app.conf.broker_url, app.conf.task_always_eager = saved


def run_child(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh Python process; what it printed last, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"a measuring process failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_parallel_ratio(loops: int = 30_000_000) -> float:
    """Wall time of two processes doing half a CPU-bound loop each ÷ one process doing it
    all: what two workers can gain at best on this machine, as busy as it is now."""

    def run(processes: int) -> float:
        code = f"x = 0\nfor i in range({loops // processes}): x += i"
        started = time.perf_counter()
        children = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(processes)]
        for child in children:
            child.wait()
        return time.perf_counter() - started

    return run(2) / run(1)
