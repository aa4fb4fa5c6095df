"""Corrections to records behind the figures: their edit history, delete and restore.

Every model that feeds a board figure keeps its history with django-simple-history
(who changed what and when). A delete goes through ``delete_with_history``, which tags
the record and everything deleted with it with one token; ``restore_deleted`` brings them
all back, with their ids, for ``RESTORE_DAYS`` days. ``change_log`` turns a record's history
(and that of its rows, such as who attended) into lines a person reads.
"""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from districts.models import District, TenantModel
from districts.services import ensure_open_year

RESTORE_DAYS = 30
SKIPPED_FIELDS = {"id", "district", "created_at", "updated_at", "recorded_by"}


def delete_with_history(instance: Any) -> str:
    """Delete a record and what goes with it (cascaded rows), each history entry tagged
    with one token so that ``restore_deleted`` can bring them back together. A dated record
    of a read-only school year stays."""
    ensure_open_year(instance.district, getattr(instance, "date", None))
    token = f"deleted {uuid.uuid4()}"
    collector = Collector(using=router.db_for_write(type(instance)))
    collector.collect([instance])
    for rows in collector.data.values():
        for row in rows:
            row._change_reason = token  # type: ignore[attr-defined]  # read by simple-history
    collector.delete()
    return token


def _tracked_models() -> list[Any]:
    return [m for m in apps.get_models() if hasattr(m, "history") and issubclass(m, TenantModel)]


def last_deletion(model: Any, district: District, pk: Any) -> Any:
    """The record's deletion entry, if deleting is the last thing that happened to it within
    the days it can be restored (else None)."""
    latest = (
        model.history.filter(district_id=district.pk, id=pk)
        .order_by("-history_date", "-history_id")
        .first()
    )
    cutoff = timezone.now() - timedelta(days=RESTORE_DAYS)
    if latest is None or latest.history_type != "-" or latest.history_date < cutoff:
        return None
    return latest


def restore_deleted(model: Any, *, district: District, pk: Any) -> Any:
    """Bring a deleted record back, with its id and the rows deleted with it. Refused with a
    reason when it is not restorable (too old, not deleted, or what it belongs to is gone)."""
    deletion = last_deletion(model, district, pk)
    if deletion is None:
        raise ValidationError(
            f"Only a record deleted in the last {RESTORE_DAYS} days can be restored."
        )
    token = deletion.history_change_reason
    try:
        with transaction.atomic():
            restored = deletion.instance
            ensure_open_year(district, getattr(restored, "date", None))
            restored._change_reason = "restored"
            restored.save(force_insert=True)
            for tracked in _tracked_models():
                # Everything deleted with it, of any model (its own too: a walkthrough's
                # calibration of the same visit).
                for entry in tracked.history.filter(
                    district_id=district.pk, history_type="-", history_change_reason=token
                ).exclude(history_id=deletion.history_id):
                    row = entry.instance
                    row._change_reason = "restored"
                    row.save(force_insert=True)
            connection.check_constraints()
    except IntegrityError:
        raise ValidationError(
            "It cannot be restored: what it belongs to has been deleted since."
        ) from None
    return restored


def recently_deleted(model: Any, district: District, rows: dict[str, Any] | None = None) -> list:
    """Deletion entries of ``model`` in the days they can be restored, newest first, for
    records that have not come back since; ``rows`` narrows them (a team's meetings)."""
    cutoff = timezone.now() - timedelta(days=RESTORE_DAYS)
    entries = model.history.filter(
        district_id=district.pk, history_type="-", history_date__gte=cutoff
    )
    if rows is not None:
        entries = entries.filter(**rows)
    alive = set(model.objects.for_district(district).values_list("pk", flat=True))
    latest: dict[Any, Any] = {}
    for entry in entries.select_related("history_user").order_by("history_date"):
        latest[entry.id] = entry
    newer = set(
        model.history.filter(district_id=district.pk, id__in=list(latest))
        .exclude(history_type="-")
        .values_list("id", "history_date")
    )
    return sorted(
        (
            e
            for pk, e in latest.items()
            if pk not in alive and not any(i == pk and d > e.history_date for i, d in newer)
        ),
        key=lambda e: e.history_date,
        reverse=True,
    )


# --- Reading the history ------------------------------------------------------------------


@dataclass
class Change:
    """One change as a person reads it: when, who, what happened, and the details."""

    when: datetime
    who: str
    what: str
    details: list[str] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _shown(model: Any, name: str, value: Any, district_id: Any) -> str:
    """A stored value as a person reads it: a related record by its name."""
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        related = model_field.related_model
        found = related._default_manager.filter(pk=value)
        if issubclass(related, TenantModel):
            found = found.filter(district_id=district_id)
        return str(found.first() or "a record since deleted")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _who(entry: Any) -> str:
    user = entry.history_user
    return (user.get_full_name() or user.username) if user else "The system"


def change_log(
    instance: Any,
    children: Sequence[tuple[Any, str, str]] = (),
    *,
    hidden: Collection[str] = (),
) -> list[Change]:
    """A record's history, newest first: each change of its own fields (but the ``hidden``
    ones, which the reader may not see), and each row of its ``children`` — (model, the field
    pointing at the record, the field naming the row) — added, changed or removed."""
    model = type(instance)
    district_id = getattr(instance, "district_id", None)
    log = []
    entries = list(instance.history.select_related("history_user").order_by("history_date"))
    previous = None
    for entry in entries:
        what = (
            "Restored"
            if entry.history_change_reason == "restored"
            else ACTIONS.get(entry.history_type, "Changed")
        )
        details: list[str] = []
        if previous is not None and entry.history_type == "~":
            delta = entry.diff_against(previous)
            for change in delta.changes:
                if change.field in SKIPPED_FIELDS or change.field in hidden:
                    continue
                details.append(
                    f"{_label(model, change.field)}: "
                    f"{_shown(model, change.field, change.old, district_id)} → "
                    f"{_shown(model, change.field, change.new, district_id)}"
                )
            if not details:
                previous = entry
                continue
        log.append(Change(entry.history_date, _who(entry), what, details))
        previous = entry
    for child, parent_field, name_field in children:
        rows = child.history.filter(**{f"{parent_field}_id": instance.pk}).select_related(
            "history_user"
        )
        seen: dict[Any, Any] = {}
        for entry in rows.order_by("history_date"):
            name = _shown(child, name_field, getattr(entry, f"{name_field}_id", None), district_id)
            label = str(child._meta.verbose_name)
            if entry.history_type == "+" and entry.history_change_reason != "restored":
                log.append(Change(entry.history_date, _who(entry), "Added", [f"{label}: {name}"]))
            elif entry.history_type == "-" and not (entry.history_change_reason or "").startswith(
                "deleted "
            ):
                log.append(Change(entry.history_date, _who(entry), "Removed", [f"{label}: {name}"]))
            elif entry.history_type == "~" and entry.id in seen:
                delta = entry.diff_against(seen[entry.id])
                details = [
                    f"{name}, {_label(child, c.field).lower()}: "
                    f"{_shown(child, c.field, c.old, district_id)} → "
                    f"{_shown(child, c.field, c.new, district_id)}"
                    for c in delta.changes
                    if c.field not in SKIPPED_FIELDS
                ]
                if details:
                    log.append(Change(entry.history_date, _who(entry), "Changed", details))
            seen[entry.id] = entry
    return sorted(log, key=lambda c: c.when, reverse=True)
