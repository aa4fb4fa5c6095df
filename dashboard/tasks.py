from celery import shared_task

from dashboard import lifecycle, reports


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def generate_report(report_id: str) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "missing"


@shared_task(expires=55)
def watch_board_reports() -> dict[str, int]:
    """The beat job every minute: reports whose worker was lost are made again or failed."""
    return lifecycle.reports_watch()
