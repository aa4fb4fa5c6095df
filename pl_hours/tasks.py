"""Thin Celery tasks: ids in, one service call each.

The recompute is idempotent, so tasks are acknowledged late and re-queued if
a worker dies mid-way; database hiccups are retried with backoff.
"""

from celery import shared_task
from django.db import DatabaseError

from districts.models import District
from pl_hours import rollups

RETRYING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(**RETRYING)
def recompute_dirty_weeks(district_id: int) -> int:
    """Recompute every dirty week of a district; a burst of writes is drained by one run."""
    return len(rollups.rollups_recompute_dirty(district_id=district_id))


@shared_task(**RETRYING)
def drain_dirty_weeks() -> int:
    """The beat job every minute: recompute the weeks writes marked but whose own recompute
    never ran (the broker was unreachable, a worker died); returns the weeks recomputed."""
    return sum(len(weeks) for weeks in rollups.rollups_drain_dirty().values())


@shared_task(**RETRYING)
def recompute_recent_weeks_for(district_id: int, weeks: int = rollups.RECENT_WEEKS) -> int:
    return rollups.rollups_recompute_recent(district_id=district_id, weeks=weeks)


@shared_task
def recompute_recent_weeks() -> int:
    """The weekly beat job: queue a recompute of the recent weeks of every district (weeks
    still marked dirty are drained every minute by ``drain_dirty_weeks``)."""
    ids = list(District.objects.values_list("pk", flat=True))
    for district_id in ids:
        recompute_recent_weeks_for.delay(district_id)
    return len(ids)
