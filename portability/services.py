"""Writes of the district's data as a whole: asking for an archive (``exports`` makes it, in a
task), and erasing a former educator (``erasure``)."""

from django.db import transaction

from audit.models import AuditKind
from audit.services import record
from districts.models import District, User
from districts.signals import SYSTEM, Actor
from portability.models import DistrictExport


def district_export_request(
    *, district: District, requested_by: User | None, actor: Actor = SYSTEM
) -> DistrictExport:
    """Record the request (and in the audit trail) and queue the work once it is saved."""
    with transaction.atomic():
        export = DistrictExport.objects.create(district=district, requested_by=requested_by)
        record(
            district=district,
            kind=AuditKind.DISTRICT_EXPORT,
            actor=actor,
            target="Archive of the whole district asked for",
            object_id=export.pk,
        )

        def queue() -> None:
            from portability.tasks import make_district_export  # the task makes it, after commit

            make_district_export.delay(str(export.pk))

        transaction.on_commit(queue)
    return export
