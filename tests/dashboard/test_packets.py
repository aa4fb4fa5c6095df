"""School packets: a part per active school, made by its own task, gathered into one zip by
the last part to finish; a failed part fails the packet, naming its school."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboard import packets, services
from dashboard.models import BoardReport, PacketPart, ReportKind
from districts.models import School, SchoolYear
from tests.builders import expect


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def active_schools(tenant):
    return list(School.objects.for_district(tenant.district).filter(active=True).order_by("code"))


@pytest.mark.django_db
def test_a_packet_holds_one_pdf_per_active_school(
    world, client_for, django_capture_on_commit_callbacks
):
    schools = active_schools(world.a)
    assert len(schools) >= 2
    client = client_for(world.a.admin)
    with django_capture_on_commit_callbacks(execute=True):  # one task per school, eagerly
        response = client.post(
            page("reports", world.a), {"kind": "packet", "period": "ytd", "paper": "a4"}
        )
    assert response.status_code == 302
    packet = BoardReport.objects.for_district(world.a.district).get()
    assert packet.kind == ReportKind.PACKET and packet.school is None
    assert packet.status == "done" and packet.progress == 100 and not packet.error
    parts = list(PacketPart.objects.for_district(world.a.district).filter(report=packet))
    assert sorted(p.school_id for p in parts) == sorted(s.pk for s in schools)
    assert all(p.status == "done" and p.pages >= 1 for p in parts)
    assert packet.pages == sum(p.pages for p in parts)
    assert packet.file.name.endswith(f"{world.a.district.slug}-school-packet-{packet.pk}.zip")

    download = client.get(page("report_download", world.a, report_id=packet.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert ".zip" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert names == [packets.part_file_name(s) for s in schools]
    for school, name in zip(schools, names, strict=True):
        assert name.startswith(f"{school.code}-")
        data = archive.read(name)
        assert data.startswith(b"%PDF")
        text = pdf_text(data)
        assert school.name in text
        others = [s.name for s in schools if s.pk != school.pk]
        assert not any(f"{other}: Mathematics" in text for other in others)
    assert world.b.school.name not in " ".join(names)


@pytest.mark.django_db
def test_a_failed_part_fails_the_packet_naming_the_school(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    real = packets.render_pdf

    def render(report, *args, **kwargs):
        if report.school_id == world.a.other_school.pk:
            raise RuntimeError("the printer caught fire")
        return real(report, *args, **kwargs)

    monkeypatch.setattr(packets, "render_pdf", render)
    with django_capture_on_commit_callbacks(execute=True):
        packet = services.packet_request(district=world.a.district, requested_by=None)
    packet.refresh_from_db()
    assert packet.status == "failed" and packet.finished_at is not None
    assert world.a.other_school.name in packet.error and "printer caught fire" in packet.error
    assert world.a.school.name not in packet.error
    failed = PacketPart.objects.for_district(world.a.district).get(school=world.a.other_school)
    assert failed.status == "failed" and "printer caught fire" in failed.error
    assert not packet.file


@pytest.mark.django_db
def test_parts_finished_out_of_order_gather_once(world, django_capture_on_commit_callbacks):
    """Progress counts the parts made; only the part that finds all finished gathers, and a
    redelivered part changes nothing."""
    with django_capture_on_commit_callbacks(execute=False):
        packet = services.packet_request(district=world.a.district)
    parts = list(
        PacketPart.objects.for_district(world.a.district).filter(report=packet).order_by("pk")
    )
    packets.packet_part_make(part_id=parts[0].pk)
    packet.refresh_from_db()
    assert packet.status == "running" and packet.heartbeat_at is not None
    assert packet.progress == 100 * 1 // len(parts)
    assert not packet.file
    for part in parts[1:]:
        packets.packet_part_make(part_id=part.pk)
    packet.refresh_from_db()
    assert packet.status == "done" and packet.progress == 100
    first_file = packet.file.name
    packets.packet_part_make(part_id=parts[0].pk)  # redelivered after it was done
    packet.refresh_from_db()
    assert packet.file.name == first_file and packet.status == "done"
    assert packets.packet_part_make(part_id="00000000-0000-0000-0000-000000000000") is None


@pytest.mark.django_db
def test_only_district_admins_make_packets(world, client, django_capture_on_commit_callbacks):
    for role, status in expect(None, 403, 403, 403, 403).items():
        if status is None:
            continue
        client.force_login(world.a.member(role).user)
        response = client.post(
            page("reports", world.a),
            {"kind": "packet", "period": "ytd", "school": world.a.school.pk},
        )
        assert response.status_code == status, role
    assert not BoardReport.objects.for_district(world.a.district).exists()
    client.force_login(world.a.admin.user)
    with django_capture_on_commit_callbacks(execute=False):
        made = client.post(page("reports", world.a), {"kind": "packet", "period": "ytd"})
    assert made.status_code == 302
    packet = BoardReport.objects.for_district(world.a.district).get()
    # A principal may not have it made again either; an admin may.
    client.force_login(world.a.principal.user)
    again = client.post(page("report_regenerate", world.a, report_id=packet.pk))
    assert again.status_code == 403
    client.force_login(world.a.admin.user)
    with django_capture_on_commit_callbacks(execute=False):
        again = client.post(page("report_regenerate", world.a, report_id=packet.pk))
    assert again.status_code == 302
    kinds = BoardReport.objects.for_district(world.a.district).values_list("kind", flat=True)
    assert list(kinds) == ["packet", "packet"]
    assert client.post(page("reports", world.a), {"kind": "poster"}).status_code == 400


@pytest.mark.django_db
def test_a_packet_request_checks_what_it_is_given(world):
    with pytest.raises(ValidationError):
        services.packet_request(district=world.a.district, period="decade")
    with pytest.raises(ValidationError):
        services.packet_request(
            district=world.a.district,
            school_year=SchoolYear.objects.for_district(world.b.district).first(),
        )
    School.objects.for_district(world.a.district).update(active=False)
    with pytest.raises(ValidationError, match="no active school"):
        services.packet_request(district=world.a.district)
    assert not BoardReport.objects.for_district(world.a.district).exists()
