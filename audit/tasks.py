from celery import shared_task

from audit import services


@shared_task(acks_late=True)
def purge_audit_events() -> int:
    return services.audit_purge()
