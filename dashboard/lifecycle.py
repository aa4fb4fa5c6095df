"""A board report's lifecycle, which cannot stick: queued → running → done or failed.

A report is handed to the workers after its request commits; a hand-off the broker refuses
leaves it failed, with the reason, for "Make it again". The task that makes it claims it
(queued → running, one attempt more) and beats at every step; ``watch`` looks after the
reports whose beat has stopped.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.db.models import F
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
