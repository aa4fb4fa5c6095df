"""Board reports: the PDF's figures equal the dashboard's, roles, progress, the command."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboard import selectors
from dashboard.models import BoardReport
from dashboard.reports import BlockedFetch, restricted_url_fetcher
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
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "3",
            str(out),
            str(ARTIFACTS / "report-page"),
        ],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("report-page-*.png"))
    assert len(pages) >= 3 and all(p.stat().st_size > 1000 for p in pages)


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
    assert not BoardReport.objects.exists()
