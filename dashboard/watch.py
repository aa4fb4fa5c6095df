"""The beat job's round over every district's unfinished reports: none stays "Being made".

A running report whose last beat is older than its task could possibly run is in no live
worker's hands — the worker died, or the hard time limit killed it — so it is handed over
again, once, and after that failed with the reason. A live report is never taken from its
worker: its beat is younger than the time limit. For a school packet the beat is its
parts' (each part beats as it starts and as it ends), and what is handed over again is the
parts not yet made. A report or packet no worker picked up in ``QUEUED_AT_MOST`` is failed.
"""

from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from dashboard import lifecycle, packets
from dashboard.lifecycle import GRACE, MAX_ATTEMPTS, QUEUED_AT_MOST, longest_run
from dashboard.models import BoardReport, ReportKind, ReportStatus


def reports_watch(*, now: datetime | None = None) -> dict[str, int]:
    """Hand quiet reports over again, once, then fail them with the reason; fail reports
    no worker picked up. Returns how many of each."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    quiet = BoardReport.objects.filter(  # across districts: the beat job's round
        status=ReportStatus.RUNNING
    ).filter(Q(heartbeat_at__lt=now - longest_run() - GRACE) | Q(heartbeat_at__isnull=True))
    for report_id, kind, attempts, beat in quiet.values_list(
        "pk", "kind", "attempts", "heartbeat_at"
    ):
        when = timezone.localtime(beat).strftime("%H:%M") if beat else "its start"
        if attempts >= MAX_ATTEMPTS:
            lifecycle.report_fail(
                report_id,
                f"The worker making this report stopped ({when}, attempt {attempts} of "
                f"{MAX_ATTEMPTS}) and it was not finished. Make it again; if it stops again, "
                "ask your administrator to check the reports worker.",
            )
            counts["failed"] += 1
            continue
        note = f"The worker making this report stopped ({when}); it is being made again."
        hand_over = packets.packet_hand_over if kind == ReportKind.PACKET else _hand_over
        if hand_over(report_id, beat=beat, now=now, note=note):
            counts["requeued"] += 1

    unpicked = BoardReport.objects.annotate(  # across districts: the beat job's round
        waiting=Coalesce("heartbeat_at", "created_at")
    ).filter(status=ReportStatus.QUEUED, waiting__lt=now - QUEUED_AT_MOST)
    for report_id in unpicked.values_list("pk", flat=True):
        lifecycle.report_fail(
            report_id,
            f"No worker picked this report up within {QUEUED_AT_MOST.seconds // 60} minutes. "
            "Make it again; if it waits again, ask your administrator to check that the "
            "reports worker is running.",
        )
        counts["failed"] += 1
    return counts


def _hand_over(report_id, *, beat, now, note) -> bool:
    """Back to queued — only if it is still the quiet run we saw — and to the workers."""
    handed_back = (
        lifecycle.report_rows(report_id)
        .filter(status=ReportStatus.RUNNING, heartbeat_at=beat)
        .update(status=ReportStatus.QUEUED, progress=0, heartbeat_at=now, error=note)
    )
    return bool(handed_back) and lifecycle.report_queue(report_id)
