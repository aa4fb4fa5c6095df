"""Board reports: the PDF's figures equal the dashboard's, roles, progress, the command."""

import io
import shutil
import subprocess
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboard import selectors
from dashboard.models import BoardReport
from dashboard.reports import BlockedFetch, restricted_url_fetcher
from pl_hours import selectors as hours
from tests.builders import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_district_report_is_made_and_its_figures_equal_the_dashboards(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.a.admin)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit
        response = client.post(page("reports", world.a), {"period": "ytd", "paper": "letter"})
    assert response.status_code == 302
    report = BoardReport.objects.get(district=world.a.district)
    assert report.status == "done" and report.pages >= 5 and report.progress == 100
    download = client.get(page("report_download", world.a, report_id=report.pk))
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF") and download["Content-Type"] == "application/pdf"
    text = pdf_text(data)

    dashboard = selectors.build_for(
        world.a.district,
        [world.a.school, world.a.other_school],
        selectors.Filters(window="ytd"),
        scoped=False,
    )
    assert f"{dashboard.headline.meaningful_hours:.1f} h" in text
    assert f"{dashboard.headline.prorated_target:.1f} h" in text
    assert f"{dashboard.headline.projection:.1f} h" in text
    for school, _cells in dashboard.rows:
        assert school.name in text
    plc = next(
        r
        for c in dashboard.evaluated[world.a.school.pk]
        for r in c.results
        if r.indicator.key == "plc_planning_share"
    )
    assert f"{plc.value} %" in text
    assert world.a.district.name in text and "Page 1 of" in text
    # Aggregates only: no teacher is named anywhere.
    for member in (world.a.teacher, world.a.teacher2):
        assert member.educator.full_name not in text
    assert world.b.school.name not in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sample-board-report.pdf").write_bytes(data)


@pytest.mark.django_db
def test_the_pdf_is_tagged_and_titled(world):
    from pypdf import PdfReader

    out = ARTIFACTS / "cli-board-report.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    call_command(
        "board_report",
        district=world.a.district.slug,
        school=world.a.school.code,
        period="90",
        paper="a4",
        out=str(out),
        stdout=io.StringIO(),
    )
    reader = PdfReader(str(out))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert "board report" in reader.metadata.title
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert round(width) == 595 and round(height) == 842  # A4 in points
    assert world.a.other_school.name not in pdf_text(out.read_bytes())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not found")
@pytest.mark.django_db
def test_report_pages_render_to_png(world, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("board_report", district=world.a.district.slug, out=str(out), stdout=io.StringIO())
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("report-page-*.png"):
        old.unlink()
    # Every page, to look at: an empty page, an overflowing table or an orphan heading shows.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(out), str(ARTIFACTS / "report-page")], check=True
    )
    pages = sorted(ARTIFACTS.glob("report-page-*.png"))
    from pypdf import PdfReader

    assert len(pages) == len(PdfReader(str(out)).pages) >= 3
    assert all(p.stat().st_size > 1000 for p in pages)


def test_the_fetcher_reads_only_our_static_files():
    fetcher = restricted_url_fetcher()
    for url in ("https://example.org/x.css", "file:///etc/passwd", "ftp://example.org/x"):
        with pytest.raises((BlockedFetch, ValueError)):
            fetcher.fetch(url)
    from dashboard.reports import stylesheet_url

    assert fetcher.fetch(stylesheet_url()).read().startswith(b"/*")


@pytest.mark.django_db
def test_report_roles(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.a.admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page("reports", world.a), {"period": "ytd"})
    district_report = BoardReport.objects.get(district=world.a.district, school=None)
    client.post(page("reports", world.a), {"period": "30", "school": world.a.other_school.pk})
    other_report = BoardReport.objects.get(school=world.a.other_school)
    for role, status in expect(200, 200, 200, 403, 200).items():
        client.force_login(world.a.member(role).user)
        assert client.get(page("reports", world.a)).status_code == status, role
        download = client.get(page("report_download", world.a, report_id=district_report.pk))
        assert download.status_code == (200 if status == 200 else 403), role
    # A principal downloads the district's report and their own school's, not another's.
    client.force_login(world.a.principal.user)
    assert (
        client.get(page("report_download", world.a, report_id=other_report.pk)).status_code == 404
    )
    refused = client.post(page("reports", world.a), {"period": "ytd"})  # the district report
    assert refused.status_code == 400
    made = client.post(page("reports", world.a), {"period": "ytd", "school": world.a.school.pk})
    assert made.status_code == 302
    client.force_login(world.a.viewer.user)
    assert client.post(page("reports", world.a), {"period": "ytd"}).status_code == 403


@pytest.mark.django_db
def test_the_status_page_polls_until_ready(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.a.admin)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page("reports", world.a), {"period": "ytd"})
    report = BoardReport.objects.get(district=world.a.district)
    status = client.get(
        page("report_detail", world.a, report_id=report.pk), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in status and "<progress" in status
    from dashboard.reports import report_generate

    report_generate(report_id=report.pk)
    done = client.get(
        page("report_detail", world.a, report_id=report.pk), headers={"HX-Request": "true"}
    ).content.decode()
    assert "every 2s" not in done and "Download the PDF" in done
    again = client.post(page("report_regenerate", world.a, report_id=report.pk))
    assert again.status_code == 302
    assert BoardReport.objects.filter(district=world.a.district).count() == 2


@pytest.mark.django_db
def test_a_failed_report_says_so(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    import dashboard.reports

    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(dashboard.reports, "render_pdf", broken)
    client = client_for(world.a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page("reports", world.a), {"period": "ytd"})
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "could not be made" in status.content.decode()
    assert BoardReport.objects.get().status == "failed"


@pytest.mark.django_db
def test_bad_report_requests_write_nothing(world, client_for):
    client = client_for(world.a.admin)
    assert client.post(page("reports", world.a), {"period": "decade"}).status_code == 400
    assert (
        client.post(
            page("reports", world.a), {"period": "ytd", "school": world.b.school.pk}
        ).status_code
        == 400
    )
    refused = client.post(page("reports", world.a), {"period": "ytd", "school_pages": "all"})
    assert refused.status_code == 400
    assert "choose one of: auto" in refused.content.decode() and "pages (A page per school)" in (
        refused.content.decode()
    )
    assert not BoardReport.objects.exists()


# --- The summary, the school pages' layout ------------------------------------------------


def flat(text: str) -> str:
    """Extracted text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def first_page(data: bytes) -> str:
    from pypdf import PdfReader

    return flat(PdfReader(io.BytesIO(data)).pages[0].extract_text())


def tenth(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def make_report(tenant, **fields) -> tuple[BoardReport, bytes]:
    from dashboard.reports import report_generate

    report = BoardReport.objects.create(district=tenant.district, **fields)
    report = report_generate(report_id=report.pk)
    assert report.status == "done", report.error
    with report.file.open("rb") as f:
        return report, f.read()


@pytest.mark.django_db
def test_the_summary_comes_first_with_the_dashboards_figures_and_what_changed(world):
    dashboard = selectors.build_for(
        world.a.district,
        [world.a.school, world.a.other_school],
        selectors.Filters(window="ytd"),
        scoped=False,
    )
    hours, target = (
        tenth(dashboard.headline.meaningful_hours),
        tenth(dashboard.headline.prorated_target),
    )
    first, data = make_report(world.a)
    summary = first_page(data)
    assert "Summary" in summary
    assert f"{hours} h of meaningful professional learning" in summary
    assert f"{target} h due by now" in summary
    assert f"{tenth(dashboard.headline.projection)} h by the year's end" in summary
    assert "This is the first report of its kind" in summary
    assert dashboard.gaps, "the fixture has gaps to name"
    for school, result in dashboard.gaps[:3]:
        assert f"{school.name}" in summary and result.indicator.label in summary
    # What each subsystem concerned did in the period, told once.
    from dashboard.reports import activity_counts

    activity = activity_counts(world.a.district, dashboard.window)
    for key in {result.indicator.subsystem for _, result in dashboard.gaps[:3]}:
        assert summary.count(activity[key]) == 1
    # Kept for the next report: strings and numbers only.
    first.refresh_from_db()
    assert first.figures["meaningful_hours"] == hours
    assert first.figures["school_year"] == dashboard.year.school_year.name
    met = sum(cell.met for cell in dashboard.district_cells)
    assert first.figures["indicators_met"] == met

    # The next report of the same kind and period compares with the figures kept.
    previous = Decimal(hours) + Decimal("1.5")
    first.figures = {**first.figures, "meaningful_hours": str(previous), "indicators_met": met + 2}
    first.save(update_fields=["figures"])
    _second, data = make_report(world.a)
    summary = first_page(data)
    from django.utils import timezone

    made = timezone.localdate(first.finished_at)
    assert f"period, made {made:%B} {made.day}, {made.year}: meaningful hours" in summary
    assert f"down 1.5 h, from {previous} h to {hours} h" in summary
    assert "indicators meeting their goal down 2" in summary
    # Another period, or a school's report, has no previous report to compare with.
    _, data = make_report(world.a, period="30")
    assert "This is the first report of its kind" in first_page(data)
    _, data = make_report(world.a, school=world.a.school)
    assert "This is the first report of its kind" in first_page(data)


def checked_in_key_result(district, objective, title, *, baseline, target, unit, value, confidence):
    """A key result of ``objective`` with one check-in on Nov 30, 2026."""
    from subsystems.plan.services import check_in_record, key_result_save

    kr = key_result_save(
        district=district,
        objective=objective,
        title=title,
        baseline=Decimal(baseline),
        target=Decimal(target),
        unit=unit,
        due_date=date(2027, 6, 1),
    )
    check_in_record(
        district=district,
        key_result=kr,
        date=date(2026, 11, 30),
        value=Decimal(value),
        confidence=confidence,
    )
    return kr


@pytest.mark.django_db
def test_key_results_have_units_and_those_at_risk_are_in_the_summary(world):
    from districts.models import Priority
    from subsystems.plan.services import objective_save

    district = world.a.district
    priority = Priority.objects.create(district=district, title="Students explain reasoning")
    objective = objective_save(district=district, title="PLCs plan lessons", priority=priority)
    checked_in_key_result(
        district,
        objective,
        "PLC minutes on planning",
        baseline=20,
        target=50,
        unit="%",
        value="15.1",
        confidence="off_track",
    )
    _, data = make_report(world.a)
    text = flat(pdf_text(data))
    summary = first_page(data)
    assert (
        "Off track: PLC minutes on planning (PLCs plan lessons), 15.1 % at the latest check-in "
        "against a target of 50 %." in summary
    )
    assert "PLC minutes on planning 20 % 50 % 15.1 %" in text  # baseline, target, latest
    # A school's key result at risk: counted in the district report's summary, on its line
    # of the table of schools' objectives; named in the school's own summary.
    school_objective = objective_save(
        district=district,
        title="Grade teams plan units",
        priority=priority,
        level="school",
        school=world.a.school,
    )
    checked_in_key_result(
        district,
        school_objective,
        "Units planned together",
        baseline=0,
        target=6,
        unit="units",
        value=2,
        confidence="at_risk",
    )
    _, data = make_report(world.a)
    summary, text = first_page(data), flat(pdf_text(data))
    assert "Off track: PLC minutes on planning (PLCs plan lessons)" in summary
    assert "Units planned together" not in summary
    assert (
        "And 1 key result in the table of schools' objectives is at risk or off track at the "
        "latest check-in." in summary
    )
    assert f"{world.a.school.name} Units planned together 2 units of 6 units · At risk" in text
    _, data = make_report(world.a, school=world.a.school)
    assert (
        "At risk: Units planned together (Grade teams plan units), 2 units at the latest "
        "check-in against a target of 6 units." in first_page(data)
    )
    # Acronyms as written, never lowercased.
    assert "PLC minutes on instructional planning" in text
    assert "PD minutes that are meaningful" in text
    for lowered in ("plc minutes", "pd minutes", "pd sessions"):
        assert lowered not in text


@pytest.mark.django_db
def test_a_school_report_shows_the_schools_figures(world):
    from dashboard.report_story import with_unit

    school = world.a.school
    scoped = selectors.build_for(
        world.a.district, [school], selectors.Filters(window="ytd"), scoped=True
    )
    district = selectors.build_for(
        world.a.district,
        [world.a.school, world.a.other_school],
        selectors.Filters(window="ytd"),
        scoped=False,
    )
    assert scoped.headline.meaningful_hours != district.headline.meaningful_hours
    _, data = make_report(world.a, school=school)
    text = flat(pdf_text(data))
    assert f"{tenth(scoped.headline.meaningful_hours)} h of meaningful" in text
    assert f"{tenth(district.headline.meaningful_hours)} h of meaningful" not in text
    assert f"{school.name}'s indicators" in text
    differing = [
        r
        for mine, theirs in zip(scoped.evaluated[school.pk], district.district_cells, strict=True)
        for r, d in zip(mine.results, theirs.results, strict=True)
        if r.value is not None and r.value != d.value
    ]
    assert differing, "the fixture's school differs from the district somewhere"
    for r in differing:
        assert f"{r.indicator.label}: {with_unit(r.value, r.indicator.unit)}" in text
    # Its page's header is the hours page's line for the school, its teachers by status.
    _, lines = hours.district_hours(scoped.year, [school])
    line = lines[0]
    assert line.hours.educators
    assert (
        f"{line.hours.educators} math teachers · {tenth(line.hours.meaningful_hours)} meaningful "
        f"hours per teacher so far, status: {line.hours.status_label} "
        f"({line.statuses['on_track']} on track, {line.statuses['at_risk']} at risk, "
        f"{line.statuses['off_track']} off track)" in text
    )


def test_the_schools_are_one_table_above_the_limit_unless_pages_are_asked_for():
    from dashboard.models import SCHOOL_PAGES_UP_TO, SchoolPages
    from dashboard.report_story import school_layout

    auto = BoardReport(school_pages=SchoolPages.AUTO)
    assert school_layout(auto, 1) == school_layout(auto, SCHOOL_PAGES_UP_TO) == "pages"
    assert school_layout(auto, SCHOOL_PAGES_UP_TO + 1) == "table"
    assert school_layout(BoardReport(school_pages=SchoolPages.PAGES), 150) == "pages"
    assert school_layout(BoardReport(school_pages=SchoolPages.TABLE), 2) == "table"
    school_report = BoardReport(school_pages=SchoolPages.TABLE, school_id=1)
    assert school_layout(school_report, 1) == "pages"


@pytest.mark.django_db
def test_the_all_schools_table_or_a_page_per_school(world, tmp_path):
    dashboard = selectors.build_for(
        world.a.district,
        [world.a.school, world.a.other_school],
        selectors.Filters(window="ytd"),
        scoped=False,
    )
    made = {}
    for layout in ("table", "pages"):
        out = tmp_path / f"{layout}.pdf"
        call_command(
            "board_report",
            district=world.a.district.slug,
            school_pages=layout,
            out=str(out),
            stdout=io.StringIO(),
        )
        made[layout] = flat(pdf_text(out.read_bytes()))
    table, pages = made["table"], made["pages"]
    assert "All schools" in table and "School pages" not in table
    assert "Value against goal" not in table
    cells = dashboard.evaluated[world.a.school.pk]
    row = " ".join(f"{c.met} of {c.with_data}" if c.with_data else "no data" for c in cells)
    assert row in table
    district_row = " ".join(
        f"{c.met} of {c.with_data}" if c.with_data else "no data" for c in dashboard.district_cells
    )
    headline = dashboard.headline
    assert (
        f"District {tenth(headline.meaningful_hours)} h {headline.status_label} {district_row}"
        in table
    )
    # The school's hours and status are the hours page's line for it.
    _, lines = hours.district_hours(dashboard.year, [world.a.school])
    line = lines[0].hours
    assert (
        f"{world.a.school.name} {tenth(line.meaningful_hours)} h {line.status_label} {row}" in table
    )
    # The heatmap does not repeat the schools' lines the table has.
    assert "each school's line is in the table of all schools" in table
    assert "School pages" in pages and "Value against goal" in pages
    plc = next(r for c in cells for r in c.results if r.indicator.key == "plc_planning_share")
    assert f"{plc.value} % of {plc.goal.normalize():f} %" in pages


@pytest.mark.django_db
def test_school_page_cells_are_announced_with_their_subsystem_and_indicator(world, tmp_path):
    """WeasyPrint links a cell to the row headers of its own row only: each row of a school
    page names its subsystem and its indicator in header cells."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    out = tmp_path / "school.pdf"
    call_command(
        "board_report",
        district=world.a.district.slug,
        school=world.a.school.code,
        out=str(out),
        stdout=io.StringIO(),
    )
    reader = PdfReader(str(out))
    header_counts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/TD":
            attributes = node.get("/A")
            headers = attributes.get_object().get("/Headers") if attributes else None
            header_counts.append(len(headers) if headers else 0)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    # Every indicator's one cell (its value against the goal, and its status) is announced
    # with its subsystem, its indicator and its column.
    from subsystems.indicators import REGISTRY

    assert header_counts.count(3) == len(REGISTRY)


@pytest.mark.django_db
def test_the_monthly_table_shows_each_months_last_completed_week(world, travel):
    from dashboard.reports import _monthly

    travel(date(2026, 11, 18))  # November's last week (Nov 30) is still to come
    data = selectors.build_for(
        world.a.district,
        [world.a.school, world.a.other_school],
        selectors.Filters(window="ytd"),
        scoped=False,
    )
    months = {
        name: (so_far, target)
        for name, so_far, target in _monthly(data.series, data.year.completed_before)
    }
    completed = [p for p in data.series if p.week_start < data.year.completed_before]
    assert months["November 2026"][0] == completed[-1].cumulative_hours  # the week of Nov 9
    assert months["December 2026"][0] is None
    _, pdf = make_report(world.a)
    text = flat(pdf_text(pdf))
    assert "November 2026 —" not in text
    assert f"November 2026 {tenth(completed[-1].cumulative_hours)} h" in text


@pytest.mark.django_db
def test_the_schools_layout_is_asked_for_on_the_form_and_kept_when_made_again(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.a.admin)
    form = client.get(page("reports", world.a)).content.decode()
    assert 'name="school_pages" value="auto" checked' in form
    assert "more than 40 active schools" in form
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page("reports", world.a), {"period": "ytd", "school_pages": "table"})
    report = BoardReport.objects.get(district=world.a.district)
    assert report.school_pages == "table"
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page("report_regenerate", world.a, report_id=report.pk))
    assert BoardReport.objects.latest("created_at").school_pages == "table"


def test_the_report_task_is_registered_in_a_web_process():
    """A fresh process that never imported the tasks (a web worker) can queue a report."""
    script = (
        "import django; django.setup(); from celery import current_app; "
        "from dashboard.lifecycle import MAKE_TASK; "
        "raise SystemExit(0 if MAKE_TASK in current_app.tasks else 1)"
    )
    import sys

    done = subprocess.run([sys.executable, "-c", script], cwd=ARTIFACTS.parent, check=False)
    assert done.returncode == 0
