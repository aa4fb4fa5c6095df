"""The ledger: one row per (educator, activity, category), written only from here.

Activity apps call ``ledger_regenerate_for`` / ``ledger_remove_for`` inside
their own transaction; the weeks they touch are marked dirty in the same
transaction, and a recompute of the rollups is queued once it commits.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from districts.corrections import delete_with_history, restore_deleted
from districts.models import District
from districts.services import (
    ensure_educators_in_district,
    ensure_open_record,
    ensure_open_year,
    mark_weeks_dirty,
)
from pl_hours.models import LedgerEntry, PLActivity
from pl_hours.rules import SplitError, monday, scale_split, split_problem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerSource:
    """What the ledger needs to know about an activity, whatever its type."""

    kind: str
    id: uuid.UUID
    title: str
    date: date
    minutes: int
    split: dict[str, int]
    math_specific: bool
    priority_id: uuid.UUID | None


def source_of(activity: PLActivity, *, kind: str, title: str) -> LedgerSource:
    """A LedgerSource for any model built on ``PLActivity``."""
    return LedgerSource(
        kind=kind,
        id=activity.pk,
        title=title[:200],
        date=activity.date,
        minutes=activity.minutes,
        split=activity.split,
        math_specific=activity.math_specific,
        priority_id=activity.priority_id,
    )


def check_split(split: dict[str, int], minutes: int) -> None:
    problem = split_problem(split, minutes)
    if problem:
        raise ValidationError({"__all__": [problem]})


def clean_attendance(minutes: int, attendance: dict) -> dict:
    """Attended minutes per educator id: empty means the whole activity; anything else is a
    whole number from 1 to the activity's minutes."""
    cleaned = {}
    for educator_id, attended in attendance.items():
        attended = minutes if attended in (None, "") else attended
        if not isinstance(attended, int) or not 0 < attended <= minutes:
            raise ValidationError(
                {"attendance": [f"Attended minutes must be between 1 and {minutes}."]}
            )
        cleaned[educator_id] = attended
    return cleaned


def activity_save(
    activity: PLActivity,
    *,
    district: District,
    kind: str,
    title: str,
    attendance: Iterable[tuple[uuid.UUID, int]],
) -> None:
    """Validate and save a PL activity and regenerate its ledger rows: the write every
    activity shares (its service has set the fields and checked what is its own)."""
    ensure_open_record(activity, district=district)
    activity.full_clean()
    activity.save()
    ledger_regenerate_for(
        district=district, source=source_of(activity, kind=kind, title=title), attendance=attendance
    )


def activity_delete(activity: PLActivity, *, district: District, kind: str) -> None:
    """Delete a PL activity (restorable, with its attendance) and its ledger rows (the weeks
    they were in are marked dirty)."""
    ensure_open_year(district, activity.date)
    ledger_remove_for(district=district, kind=kind, source_id=activity.pk)
    delete_with_history(activity)


def activity_restore(
    model: Any,
    *,
    district: District,
    pk: uuid.UUID,
    kind: Callable[[Any], str],
    title: Callable[[Any], str],
    attendance: Callable[[Any], Iterable[tuple[uuid.UUID, int]]],
) -> Any:
    """Restore a deleted PL activity with its attendance, and regenerate its ledger rows."""
    activity = restore_deleted(model, district=district, pk=pk)
    ensure_open_year(district, activity.date)
    ledger_regenerate_for(
        district=district,
        source=source_of(activity, kind=kind(activity), title=title(activity)),
        attendance=attendance(activity),
    )
    return activity


def ledger_regenerate_for(
    *, district: District, source: LedgerSource, attendance: Iterable[tuple[uuid.UUID, int]]
) -> int:
    """Replace the ledger rows of one activity; returns how many rows it now has.

    ``attendance`` is (educator id, attended minutes). Partial attendance
    scales the split by largest remainder, so each educator's rows add up
    exactly to the minutes they attended.
    """
    return ledger_regenerate_many(district=district, activities=[(source, attendance)])


def ledger_regenerate_many(
    *,
    district: District,
    activities: Iterable[tuple[LedgerSource, Iterable[tuple[uuid.UUID, int]]]],
) -> int:
    """Replace the ledger rows of many activities at once (imports, the demo seed).

    The same rules as for one activity; the old rows go in one DELETE per
    kind and the new ones in batched INSERTs.
    """
    activities = [(source, list(attendance)) for source, attendance in activities]
    ensure_educators_in_district(
        district, {educator_id for _, attendance in activities for educator_id, _ in attendance}
    )
    rows, weeks = [], set()
    for source, attendance in activities:
        scaled_cache: dict[int, dict[str, int]] = {}
        week = monday(source.date)
        for educator_id, attended in attendance:
            if attended not in scaled_cache:
                try:
                    scaled_cache[attended] = scale_split(source.split, source.minutes, attended)
                except SplitError as exc:
                    raise ValidationError(str(exc)) from None
            for category, minutes in scaled_cache[attended].items():
                if minutes > 0:
                    rows.append(
                        LedgerEntry(
                            district=district,
                            educator_id=educator_id,
                            source_kind=source.kind,
                            source_id=source.id,
                            source_title=source.title,
                            date=source.date,
                            week_start=week,
                            category=category,
                            minutes=minutes,
                            math_specific=source.math_specific,
                            priority_id=source.priority_id,
                        )
                    )
                    weeks.add(week)
    by_kind: dict[str, list] = {}
    for source, _ in activities:
        by_kind.setdefault(source.kind, []).append(source.id)
    for kind, ids in by_kind.items():
        for chunk in range(0, len(ids), 500):
            ledger_remove_many(district=district, kind=kind, source_ids=ids[chunk : chunk + 500])
    LedgerEntry.objects.bulk_create(rows, batch_size=5000)
    if weeks:
        mark_weeks_dirty(district=district, weeks=weeks)
    return len(rows)


def ledger_remove_many(*, district: District, kind: str, source_ids: list) -> set[date]:
    rows = LedgerEntry.objects.for_district(district).filter(
        source_kind=kind, source_id__in=source_ids
    )
    weeks = set(rows.values_list("week_start", flat=True).distinct())
    if weeks:
        rows.delete()
        mark_weeks_dirty(district=district, weeks=weeks)
    return weeks


def ledger_remove_for(*, district: District, kind: str, source_id: uuid.UUID) -> set[date]:
    """Remove one activity's ledger rows; returns (and marks dirty) the weeks they were in."""
    return ledger_remove_many(district=district, kind=kind, source_ids=[source_id])
