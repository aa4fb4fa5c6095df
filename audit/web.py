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
