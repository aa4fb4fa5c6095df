from celery import shared_task

from portability import exports


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=1800, time_limit=1900)
def make_district_export(export_id: str) -> str:
    export = exports.district_export_make(export_id=export_id)
    return export.status if export else "missing"
