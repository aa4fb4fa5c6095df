"""What a page or endpoint of any app calls when it shows someone's personnel records."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.http import HttpRequest

from audit import services
from districts.models import Educator
from districts.signals import Actor


def record_access(
    request: HttpRequest,
    kind: str,
    subjects: Iterable[Educator | UUID | None],
    target: str,
    obj: Any = None,
) -> None:
    """The request's member read the records of ``subjects`` (their own reads are skipped)."""
    services.record_views(
        district=request.district,
        kind=kind,
        actor=Actor.of(request),
        viewer=request.membership,
        subject_ids=[getattr(s, "pk", s) for s in subjects if s is not None],
        target=target,
        object_id=getattr(obj, "pk", "") if obj is not None else "",
        path=request.get_full_path(),
    )


class AuditedReads:
    """For an API endpoint over personnel records: reading one (or its history) or a page of
    them is recorded like opening the record's page, one event per person concerned.

    Put it before ``DistrictAPIMixin``; name ``audit_kind`` and say whom a record concerns
    (``audit_subjects``) and what it is in words (``audit_target``)."""

    audit_kind = ""

    def audit_subjects(self, obj: Any) -> list:
        return []

    def audit_target(self, obj: Any) -> str:
        return str(obj._meta.verbose_name).capitalize()

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]
        if self.request.method == "GET":  # type: ignore[attr-defined]
            record_access(
                self.request,  # type: ignore[attr-defined]
                self.audit_kind,
                self.audit_subjects(obj),
                self.audit_target(obj),
                obj,
            )
        return obj

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        rows = page if page is not None else queryset
        if self.request.method == "GET":  # type: ignore[attr-defined]
            subjects = [s for obj in rows for s in self.audit_subjects(obj)]
            record_access(
                self.request,  # type: ignore[attr-defined]
                self.audit_kind,
                subjects,
                f"{str(queryset.model._meta.verbose_name_plural).capitalize()} through the API",
            )
        return page
