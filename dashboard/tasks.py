import contextlib
import gc

from celery import shared_task
from celery.signals import worker_init

from dashboard import packets, reports, watch


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def generate_report(report_id: str) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "missing"


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def make_packet_part(part_id: str) -> str:
    """One school's report for a school packet; the last part to finish gathers the zip."""
    part = packets.packet_part_make(part_id=part_id)
    return part.status if part else "missing"


@shared_task(expires=55)
def watch_board_reports() -> dict[str, int]:
    """The beat job every minute: reports whose worker was lost are made again or failed."""
    return watch.reports_watch()


@worker_init.connect
def _import_the_typesetter(**kwargs) -> None:
    """A reports worker replaces its process after each task (--max-tasks-per-child=1):
    import WeasyPrint once in the main process, so each new process starts with it.
    (Nothing is laid out here: a process forked after Pango has loaded the fonts took
    seconds longer to start.) Then freeze what the main process holds so far
    (``gc.freeze``, which Python's ``gc`` documentation describes for processes that fork):
    the collector of each new process skips the inherited heap (about 130,000 objects,
    50 ms a full collection). Every worker does it; it is harmless where processes live on."""
    with contextlib.suppress(ImportError, OSError):  # no Pango here: reports will say so
        import weasyprint  # noqa: F401
    gc.collect()
    gc.freeze()
