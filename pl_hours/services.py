"""Writes of the activities this app owns: other PL (staff meetings, curriculum
sessions) and PL recorded elsewhere (manual entries). Each save regenerates the
activity's ledger rows in the same transaction."""

import uuid
from datetime import date

from django.db import transaction

from districts.corrections import delete_with_history, restore_deleted
from districts.models import District, Educator, Priority, School, User
from districts.services import (
    ensure_educators_in_district,
    ensure_open_record,
    ensure_pl_date,
    ensure_same_district,
    replace_links,
)
from pl_hours.ledger import (
    LedgerSource,
    activity_delete,
    activity_restore,
    activity_save,
    check_split,
    clean_attendance,
    ledger_regenerate_for,
    ledger_remove_for,
)
from pl_hours.models import ManualEntry, OtherActivity, OtherAttendance, OtherKind, SourceKind


@transaction.atomic
def other_activity_save(
    *,
    district: District,
    activity: OtherActivity | None = None,
    kind: str = OtherKind.STAFF_MEETING,
    title: str,
    date: date,
    minutes: int,
    math_specific: bool = True,
    priority: Priority | None = None,
    school: School | None = None,
    split: dict[str, int],
    attendance: dict,
) -> OtherActivity:
    """Create or edit a staff meeting, curriculum session or other PL, and its ledger rows.

    ``attendance`` maps educator ids to attended minutes (None: the whole activity).
    """
    ensure_same_district(district, activity, priority, school)
    ensure_pl_date(district, date)
    check_split(split, minutes)
    attendance = clean_attendance(minutes, attendance)
    ensure_educators_in_district(district, attendance)
    activity = activity or OtherActivity(district=district)
    activity.kind, activity.title, activity.date = kind, title, date
    activity.minutes, activity.math_specific = minutes, math_specific
    activity.priority, activity.school = priority, school
    activity.split = split
    activity_save(
        activity, district=district, kind=kind, title=title, attendance=attendance.items()
    )
    replace_links(
        OtherAttendance,
        district=district,
        parent={"activity": activity},
        links=({"educator_id": e, "attended_minutes": m} for e, m in attendance.items()),
    )
    return activity


@transaction.atomic
def other_activity_delete(*, district: District, activity: OtherActivity) -> None:
    ensure_same_district(district, activity)
    activity_delete(activity, district=district, kind=activity.kind)


@transaction.atomic
def other_activity_restore(*, district: District, activity_id: uuid.UUID) -> OtherActivity:
    """Bring a deleted activity back, with its attendance and everyone's hours."""
    return activity_restore(
        OtherActivity,
        district=district,
        pk=activity_id,
        kind=lambda activity: activity.kind,
        title=lambda activity: activity.title,
        attendance=lambda activity: list(
            OtherAttendance.objects.for_district(district)
            .filter(activity=activity)
            .values_list("educator_id", "attended_minutes")
        ),
    )


def _manual_ledger(district: District, entry: ManualEntry) -> None:
    """A manual entry's ledger rows: its minutes, all in its one category."""
    ledger_regenerate_for(
        district=district,
        source=LedgerSource(
            kind=SourceKind.MANUAL,
            id=entry.pk,
            title=entry.description,
            date=entry.date,
            minutes=entry.minutes,
            split={entry.category: entry.minutes},
            math_specific=entry.math_specific,
            priority_id=entry.priority_id,
        ),
        attendance=[(entry.educator_id, entry.minutes)],
    )


@transaction.atomic
def manual_entry_record(
    *,
    district: District,
    entry: ManualEntry | None = None,
    educator: Educator,
    date: date,
    description: str,
    minutes: int,
    category: str,
    math_specific: bool = True,
    priority: Priority | None = None,
    recorded_by: User | None = None,
) -> ManualEntry:
    """Record PL done elsewhere, or correct an entry (``entry``), and its ledger rows."""
    ensure_same_district(district, entry, educator, priority)
    ensure_pl_date(district, date)
    if entry is not None:
        ensure_open_record(entry, district=district)
    entry = entry or ManualEntry(district=district, recorded_by=recorded_by)
    entry.educator, entry.date, entry.description = educator, date, description
    entry.minutes, entry.category = minutes, category
    entry.math_specific, entry.priority = math_specific, priority
    entry.full_clean()
    entry.save()
    _manual_ledger(district, entry)
    return entry


@transaction.atomic
def manual_entry_delete(*, district: District, entry: ManualEntry) -> None:
    ensure_same_district(district, entry)
    ledger_remove_for(district=district, kind=SourceKind.MANUAL, source_id=entry.pk)
    delete_with_history(entry)


@transaction.atomic
def manual_entry_restore(*, district: District, entry_id: uuid.UUID) -> ManualEntry:
    entry = restore_deleted(ManualEntry, district=district, pk=entry_id)
    _manual_ledger(district, entry)
    return entry
