"""School packets: every active school's own report, one PDF each, in one zip.

A packet is a ``BoardReport`` of kind ``packet`` (the district's: no school) with one
``PacketPart`` per school. Each part is its own task on the ``reports`` queue, so as many
reports workers as there are make the parts at once; the part that finds every part
finished (made or failed) gathers the zip, under a lock on the packet's row so exactly one
of them does.
"""

import logging
import tempfile
import zipfile

from celery import current_app
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from dashboard import lifecycle
from dashboard.models import BoardReport, PacketPart, ReportKind, ReportStatus
from dashboard.reports import render_pdf
from districts.models import District, School

logger = logging.getLogger(__name__)
FINISHED = (ReportStatus.DONE, ReportStatus.FAILED)
PART_TASK = "dashboard.tasks.make_packet_part"


def packet_queue_parts(packet_id, part_ids) -> bool:
    """Hand each part to the reports workers; when the broker refuses or does not answer in
    time, the packet is failed with the reason (the parts already handed over finish, and
    the packet stays failed)."""
    try:
        for part_id in part_ids:
            current_app.tasks[PART_TASK].apply_async(args=[str(part_id)])
    except Exception as exc:
        logger.warning("Could not queue the parts of school packet %s", packet_id, exc_info=True)
        lifecycle.report_fail(
            packet_id,
            "The packet could not be handed to the workers that make reports (the task "
            f"queue did not answer: {exc.__class__.__name__}). Nothing was made; make it "
            "again in a minute.",
        )
        return False
    return True


def packet_hand_over(packet_id, *, beat, now, note) -> bool:
    """The watcher's turn for a quiet packet: its parts not yet made go back to the
    workers — only if the packet is still the quiet run the watcher saw."""
    with transaction.atomic():
        handed_back = (
            lifecycle.report_rows(packet_id)
            .filter(status=ReportStatus.RUNNING, heartbeat_at=beat)
            .update(heartbeat_at=now, attempts=F("attempts") + 1, error=note)
        )
        parts = PacketPart.objects.filter(report_id=packet_id)  # across districts: by its packet
        unfinished = parts.exclude(status__in=FINISHED)
        part_ids = list(unfinished.values_list("pk", flat=True)) if handed_back else []
        unfinished.filter(pk__in=part_ids).update(status=ReportStatus.QUEUED)
    return bool(handed_back) and packet_queue_parts(packet_id, part_ids)


def _packets(district: District):
    return BoardReport.objects.for_district(district).filter(kind=ReportKind.PACKET)


def _parts(district: District, packet_id):
    return PacketPart.objects.for_district(district).filter(report_id=packet_id)


def part_file_name(school: School) -> str:
    """``<code>-<slug of the name>.pdf``: sorted like the schools' codes, readable."""
    return f"{school.code}-{slugify(school.name) or 'school'}.pdf"


def packet_part_make(*, part_id) -> PacketPart | None:
    """Make one school's report for its packet, then gather the packet if this was the
    last part to finish. A part already finished (a redelivered task) is not made again."""
    part = (
        PacketPart.objects.select_related(  # across districts: a task has only the id
            "district", "school", "report", "report__school_year"
        )
        .filter(pk=part_id)
        .first()
    )
    if part is None:
        return None
    district, packet = part.district, part.report
    if part.status not in FINISHED:
        now = timezone.now()
        _parts(district, packet.pk).filter(pk=part.pk).update(status=ReportStatus.RUNNING)
        _packets(district).filter(pk=packet.pk, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
        )
        # The packet beats as each part starts and ends (``watch`` reads it).
        _packets(district).filter(pk=packet.pk).update(heartbeat_at=now)
        _make(part)
        _count_progress(district, packet.pk)
    packet_gather(district=district, packet_id=packet.pk)
    part.refresh_from_db()
    return part


def _make(part: PacketPart) -> None:
    packet = part.report
    # Not saved: the school's report is rendered as the board_report command renders it,
    # and the packet keeps only the file.
    school_report = BoardReport(
        district=part.district,
        school=part.school,
        school_year=packet.school_year,
        period=packet.period,
        paper=packet.paper,
    )
    try:
        pdf = render_pdf(school_report)
    except Exception as exc:  # the packet names the school; the log keeps the traceback
        logger.exception("Packet %s: the report of %s failed", packet.pk, part.school)
        _parts(part.district, packet.pk).filter(pk=part.pk).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000] or type(exc).__name__
        )
        return
    part.file.save(
        f"{part.district.slug}-packet-{packet.pk}-{part.school.code}.pdf",
        ContentFile(pdf),
        save=False,
    )
    part.status, part.pages, part.error = ReportStatus.DONE, school_report.pages, ""
    part.save(update_fields=["file", "status", "pages", "error"])


def _count_progress(district: District, packet_id) -> None:
    """Progress = parts made ÷ parts, counted by the database in the UPDATE itself, so two
    parts finishing at once cannot overwrite each other's count. Each part finished is
    also the packet's sign of life."""
    counts = (
        PacketPart.objects.for_district(district)
        .filter(report_id=OuterRef("pk"))
        .values("report_id")
        .annotate(
            share=Count("pk", filter=Q(status=ReportStatus.DONE)) * 100 / Count("pk"),
        )
        .values("share")
    )
    _packets(district).filter(pk=packet_id).exclude(status__in=FINISHED).update(
        progress=Coalesce(Subquery(counts, output_field=IntegerField()), F("progress")),
        heartbeat_at=timezone.now(),
    )


def packet_gather(*, district: District, packet_id) -> BoardReport | None:
    """Once every part is finished, zip the schools' PDFs into the packet (or mark it
    failed, naming the schools whose report failed). Exactly one caller does it: the
    packet's row is locked while the parts are counted, and a finished packet is left."""
    with transaction.atomic():
        packet = _packets(district).select_for_update().select_related("district").get(pk=packet_id)
        if packet.is_finished:
            return packet
        parts = list(_parts(district, packet_id).select_related("school").order_by("school__code"))
        if any(part.status not in FINISHED for part in parts):
            return packet
        failed = [part for part in parts if part.status == ReportStatus.FAILED]
        if failed:
            names = "; ".join(f"{part.school.name} ({part.error})" for part in failed)
            packet.status = ReportStatus.FAILED
            packet.error = (
                f"The reports of {len(failed)} of {len(parts)} schools could not be made: {names}"
            )[:2000]
            packet.finished_at = timezone.now()
            packet.save(update_fields=["status", "error", "finished_at"])
            return packet
        _zip_into(packet, parts)
        packet.pages = _parts(district, packet_id).aggregate(pages=Sum("pages"))["pages"] or 0
        packet.status, packet.progress = ReportStatus.DONE, 100
        packet.finished_at = timezone.now()
        packet.save(update_fields=["file", "pages", "status", "progress", "finished_at"])
        return packet


def _zip_into(packet: BoardReport, parts: list[PacketPart]) -> None:
    # The PDFs are compressed already: stored as they are.
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            for part in parts:
                with part.file.open("rb") as pdf:
                    archive.writestr(part_file_name(part.school), pdf.read())
        spool.seek(0)
        packet.file.save(
            f"{packet.district.slug}-school-packet-{packet.pk}.zip", File(spool), save=False
        )
