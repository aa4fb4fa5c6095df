"""Reads of the audit trail: the admins' log and a teacher's "who saw my records"."""

from django.db.models import QuerySet

from audit.models import VIEW_KINDS, AuditEvent
from districts.models import District, Educator


def events_for_page(district: District) -> QuerySet[AuditEvent]:
    """The district's events, newest first, with who did it and whom it was about."""
    return (
        AuditEvent.objects.for_district(district)
        .select_related("actor", "subject", "subject_user")
        .order_by("-at")
    )


def views_of(educator: Educator) -> QuerySet[AuditEvent]:
    """Who read this educator's records, newest first."""
    return (
        AuditEvent.objects.for_district(educator.district_id)
        .about(educator)
        .filter(kind__in=VIEW_KINDS)
        .select_related("actor")
        .order_by("-at")
    )
