"""Thin tasks: the hourly beat job, and each district's run of it."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from districts.models import District
from outreach import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def outreach_for(district_id: int) -> dict[str, int]:
    district = District.objects.filter(pk=district_id).first()
    return services.outreach_run(district=district, now=timezone.now()) if district else {}


@shared_task
def send_reminders_and_digests() -> int:
    """The hourly beat job: each district sends what is due at this hour in its own time
    zone (reminders on weekday mornings, the digest early on Monday), once."""
    ids = list(District.objects.values_list("pk", flat=True))
    for district_id in ids:
        outreach_for.delay(district_id)
    return len(ids)
