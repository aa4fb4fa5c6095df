"""Writes of the audit trail: recording an event, and the retention purge.

``record`` is the one way an event is written; views of every app above call it through
``audit.web.record_view``. Events are never changed. The purge is the only delete, and on
PostgreSQL the table's trigger lets it remove only rows older than the cutoff it announces
for its own transaction, and never a row younger than ``MINIMUM_RETENTION_DAYS``.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from districts.models import District, Educator, Membership, User
from districts.signals import Actor

# The trigger's floor (migration 0002): no setting lets a younger row be deleted.
MINIMUM_RETENTION_DAYS = 30
TARGET_LENGTH = 300


def record(
    *,
    district: District,
    kind: str,
    actor: Actor,
    subject: Educator | None = None,
    subject_user: User | None = None,
    target: str = "",
    object_id: object = "",
    path: str = "",
) -> AuditEvent:
    """Add one event to the district's trail (in the caller's transaction, if any)."""
    if kind not in AuditKind.values:
        raise ValueError(f"Unknown audit kind {kind!r}")
    if subject is not None and subject.district_id != district.pk:
        raise ValueError("The subject of an audit event must be of its district.")
    return AuditEvent.objects.create(
        district=district,
        kind=kind,
        actor=actor.user,
        subject=subject,
        subject_user=subject_user,
        target=target[:TARGET_LENGTH],
        object_id=str(object_id or "")[:64],
        path=path[:500],
        address=actor.address,
    )


def record_views(
    *,
    district: District,
    kind: str,
    actor: Actor,
    viewer: Membership,
    subject_ids: Iterable[UUID],
    target: str,
    object_id: object = "",
    path: str = "",
) -> list[AuditEvent]:
    """A member read the personnel records of the educators ``subject_ids`` (a school's list
    names many): one event per person, none for the member's own records, in one insert."""
    if kind not in AuditKind.values:
        raise ValueError(f"Unknown audit kind {kind!r}")
    people = {pk for pk in subject_ids if pk is not None and pk != viewer.educator_id}
    if not people:
        return []
    if Educator.objects.for_district(district).filter(pk__in=people).count() != len(people):
        raise ValueError("The subject of an audit event must be of its district.")
    now = timezone.now()
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            district=district,
            at=now,
            kind=kind,
            actor=actor.user,
            subject_id=subject_id,
            target=target[:TARGET_LENGTH],
            object_id=str(object_id or "")[:64],
            path=path[:500],
            address=actor.address,
        )
        for subject_id in sorted(people)
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    days = max(settings.AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
    return (now or timezone.now()) - timedelta(days=days)


def audit_purge(*, now: datetime | None = None) -> int:
    """Delete the events of every district older than the retention period; how many."""
    cutoff = retention_cutoff(now)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Seen by the trigger, for this transaction only.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('coherence.audit_purge_before', %s, true)",
                    [cutoff.isoformat()],
                )
        expired = AuditEvent.objects.filter(at__lt=cutoff)  # across districts: one retention
        deleted, _ = expired.delete()
    return deleted


def audit_release_district(*, district: District) -> None:
    """Let this transaction delete a whole district, its trail included (the demo's reseed
    does, an operator might): the trigger allows deleting that district's events only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('coherence.audit_release_district', %s, true)",
                [str(district.pk)],
            )
