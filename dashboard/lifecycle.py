"""A board report's lifecycle, which cannot stick: queued → running → done or failed.

A report is handed to the workers after its request commits; a hand-off the broker refuses
leaves it failed, with the reason, for "Make it again". The task that makes it claims it
(queued → running, one attempt more) and beats at every step. A running report whose beat
is older than the task could possibly run is in no live worker's hands — the worker died,
or the hard time limit killed it — so the beat job every minute hands it over again, once,
and after that marks it failed with the reason. A live report is never taken from its
worker: its beat is younger than the time limit.
"""

import logging
from datetime import datetime, timedelta

from celery import current_app
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from dashboard.models import BoardReport, ReportStatus

logger = logging.getLogger(__name__)

MAKE_TASK = "dashboard.tasks.generate_report"
MAX_ATTEMPTS = 2  # the first run and one more after its worker was lost
GRACE = timedelta(seconds=30)
# A queued report no worker has picked up in this time is failed: the reports worker is
# not running, and the page says so rather than "Queued" for good.
QUEUED_AT_MOST = timedelta(minutes=30)


def longest_run() -> timedelta:
    """The longest the task making a report may run between two beats: its hard limit."""
    task = current_app.tasks[MAKE_TASK]
    return timedelta(seconds=task.time_limit or current_app.conf.task_time_limit)


def report_rows(report_id):
    """A report by its id alone: what the task and the beat job know of it."""
    return BoardReport.objects.filter(pk=report_id)  # across districts: by its id


def report_queue(report_id) -> bool:
    """Hand the report to the workers (after the commit that recorded it). When the broker
    refuses or does not answer in time, the report is failed with the reason — never left
    "Queued" with no task behind it."""
    try:
        current_app.tasks[MAKE_TASK].apply_async(args=[str(report_id)])
    except Exception as exc:
        logger.warning("Could not queue board report %s", report_id, exc_info=True)
        report_fail(
            report_id,
            "The report could not be handed to the workers that make reports (the task "
            f"queue did not answer: {exc.__class__.__name__}). Nothing was made; make it "
            "again in a minute.",
        )
        return False
    return True


def report_claim(report_id) -> BoardReport | None:
    """queued → running, for exactly one task: a second delivery of the same work (the
    broker redelivering after a lost worker) finds it no longer queued and does nothing."""
    now = timezone.now()
    claimed = (
        report_rows(report_id)
        .filter(status=ReportStatus.QUEUED)
        .update(
            status=ReportStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress=10,
        )
    )
    if not claimed:
        return None
    return report_rows(report_id).select_related("district", "school", "school_year").first()


def report_beat(report_id, progress: int) -> None:
    """A sign of life with the progress made (0–100)."""
    report_rows(report_id).filter(status=ReportStatus.RUNNING).update(
        progress=max(0, min(progress, 100)), heartbeat_at=timezone.now()
    )


def report_fail(report_id, reason: str) -> None:
    report_rows(report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def reports_watch(*, now: datetime | None = None) -> dict[str, int]:
    """The beat job's round: reports whose task has gone quiet are handed over again, once,
    then failed with the reason; reports no worker picked up are failed. Returns counts."""
    now = now or timezone.now()
    quiet_since = now - longest_run() - GRACE
    # across districts: the beat job looks after every district's reports.
    quiet = BoardReport.objects.filter(  # across districts: the beat job's round
        status=ReportStatus.RUNNING
    ).filter(Q(heartbeat_at__lt=quiet_since) | Q(heartbeat_at__isnull=True))
    counts = {"requeued": 0, "failed": 0}
    for report_id, attempts, beat in quiet.values_list("pk", "attempts", "heartbeat_at"):
        when = timezone.localtime(beat).strftime("%H:%M") if beat else "its start"
        if attempts >= MAX_ATTEMPTS:
            report_fail(
                report_id,
                f"The worker making this report stopped ({when}, attempt {attempts} of "
                f"{MAX_ATTEMPTS}) and it was not finished. Make it again; if it stops again, "
                "ask your administrator to check the reports worker.",
            )
            counts["failed"] += 1
            continue
        # Back to queued, only if it is still the quiet run we saw (a beat since: leave it).
        handed_back = (
            report_rows(report_id)
            .filter(status=ReportStatus.RUNNING, heartbeat_at=beat)
            .update(
                status=ReportStatus.QUEUED,
                progress=0,
                heartbeat_at=now,
                error=f"The worker making this report stopped ({when}); it is being made again.",
            )
        )
        if handed_back and report_queue(report_id):
            counts["requeued"] += 1
    waiting_since = now - QUEUED_AT_MOST
    # across districts: the beat job's round.
    unpicked = BoardReport.objects.annotate(  # across districts: the beat job's round
        waiting=Coalesce("heartbeat_at", "created_at")
    ).filter(status=ReportStatus.QUEUED, kind="report", waiting__lt=waiting_since)
    for report_id in unpicked.values_list("pk", flat=True):
        report_fail(
            report_id,
            f"No worker picked this report up within {QUEUED_AT_MOST.seconds // 60} minutes. "
            "Make it again; if it waits again, ask your administrator to check that the "
            "reports worker is running.",
        )
        counts["failed"] += 1
    return counts
