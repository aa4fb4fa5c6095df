from celery import shared_task

from dashboard import packets, reports


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def generate_report(report_id: str) -> str:
    report = reports.report_generate(report_id=report_id)
    return report.status if report else "missing"


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=300, time_limit=360)
def make_packet_part(part_id: str) -> str:
    """One school's report for a school packet; the last part to finish gathers the zip."""
    part = packets.packet_part_make(part_id=part_id)
    return part.status if part else "missing"
