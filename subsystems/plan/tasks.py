"""Thin tasks: the weekly check-in of measured key results."""

from celery import shared_task
from django.db import DatabaseError

from districts.models import District
from subsystems.plan import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def check_in_measured_for(district_id: int) -> int:
    district = District.objects.filter(pk=district_id).first()
    return services.measured_check_ins(district=district) if district else 0


@shared_task
def check_in_measured_key_results() -> int:
    """The weekly beat job: every district's measured key results check themselves in."""
    ids = list(District.objects.values_list("pk", flat=True))
    for district_id in ids:
        check_in_measured_for.delay(district_id)
    return len(ids)
