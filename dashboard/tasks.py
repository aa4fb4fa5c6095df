from celery import shared_task

from dashboard import reports


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def generate_report(report_id: str) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "missing"
