"""Writes to the ledger and the rollups; the only code that touches them.

Activity apps call ``ledger_regenerate_for`` / ``ledger_remove_for`` inside
their own transaction; the weeks they touch are marked dirty in the same
transaction, and a recompute is queued once it commits.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from districts.models import District, Educator, Priority, School, User
from pl_hours.models import (
    SPLIT_FIELDS,
    DirtyWeek,
    LedgerEntry,
    ManualEntry,
    OtherActivity,
    OtherAttendance,
    SchoolWeekRollup,
    SourceKind,
    WeeklyRollup,
)
from pl_hours.rules import CATEGORIES, SplitError, monday, scale_split, split_problem
from pl_hours.selectors import PARTICIPANT_POSITIONS

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


def source_of(activity, *, kind: str, title: str) -> LedgerSource:
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


def check_same_district(district: District, educator_ids: Iterable) -> None:
    ids = set(educator_ids)
    if not ids:
        return
    found = Educator.objects.for_district(district).filter(pk__in=ids).count()
    if found != len(ids):
        raise ValidationError("Some of the chosen educators are not on this district's roster.")


def check_split(split: dict[str, int], minutes: int) -> None:
    problem = split_problem(split, minutes)
    if problem:
        raise ValidationError({"__all__": [problem]})


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
    check_same_district(
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


def mark_weeks_dirty(*, district: District, weeks: Iterable[date]) -> None:
    """Record weeks to recompute in this transaction, and queue a recompute after commit."""
    now = timezone.now()
    DirtyWeek.objects.bulk_create(
        [DirtyWeek(district=district, week_start=week, marked_at=now) for week in set(weeks)],
        update_conflicts=True,
        unique_fields=["district", "week_start"],
        update_fields=["marked_at"],
    )
    district_id = district.pk

    def queue():
        from pl_hours.tasks import recompute_dirty_weeks

        try:
            recompute_dirty_weeks.apply_async(args=[district_id], countdown=2)
        except Exception:  # the broker is down: the marks stay, the Monday job drains them
            logger.warning(
                "Could not queue a rollup recompute for district %s", district_id, exc_info=True
            )

    transaction.on_commit(queue)


# --- Rollups ------------------------------------------------------------------------------

CATEGORY_COLUMNS = {category: f"{category}_minutes" for category in CATEGORIES}


def _rollup_sql(week_filter: str) -> str:
    ledger = LedgerEntry._meta.db_table
    rollup = WeeklyRollup._meta.db_table
    educator = Educator._meta.db_table
    priority = Priority._meta.db_table
    meaningful = "l.math_specific AND l.category = 'instructional_planning'"
    category_columns = ", ".join(CATEGORY_COLUMNS.values())
    category_sums = ", ".join(
        f"SUM(CASE WHEN l.category = '{category}' THEN l.minutes ELSE 0 END)"
        for category in CATEGORY_COLUMNS
    )
    written_columns = [
        "school_id",
        "total_minutes",
        "math_minutes",
        "meaningful_minutes",
        "aligned_minutes",
        *CATEGORY_COLUMNS.values(),
    ]
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*written_columns, "computed_at"])
    # Rewrite a row only when a figure changed: recomputing unchanged weeks (the
    # weekly job's usual case) then costs little more than the GROUP BY itself.
    distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    changed = " OR ".join(f"{rollup}.{c} {distinct} excluded.{c}" for c in written_columns)
    return f"""
        INSERT INTO {rollup} (
            district_id, school_id, educator_id, week_start,
            total_minutes, math_minutes, meaningful_minutes, aligned_minutes,
            {category_columns}, computed_at
        )
        SELECT
            l.district_id, e.school_id, l.educator_id, l.week_start,
            SUM(l.minutes),
            SUM(CASE WHEN l.math_specific THEN l.minutes ELSE 0 END),
            SUM(CASE WHEN {meaningful} THEN l.minutes ELSE 0 END),
            SUM(CASE WHEN {meaningful} AND p.active THEN l.minutes ELSE 0 END),
            {category_sums},
            %s
        FROM {ledger} l
        JOIN {educator} e ON e.id = l.educator_id
        LEFT JOIN {priority} p ON p.id = l.priority_id
        WHERE l.district_id = %s AND {week_filter}
        GROUP BY l.district_id, e.school_id, l.educator_id, l.week_start
        ON CONFLICT (district_id, educator_id, week_start) DO UPDATE SET {updates}
        WHERE {changed}
    """


def _date_param(day: date):
    return connection.ops.adapt_datefield_value(day)


def rollups_recompute(*, district: District, weeks: Iterable[date] | None = None) -> int:
    """Recompute the rollups of some weeks (or all, when ``weeks`` is None) with set-based SQL.

    One ``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE`` upserts every
    (educator, week) that has ledger rows; one ``DELETE`` removes rollups whose
    ledger rows are gone. Running it twice gives the same rows.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        # One recompute per district at a time (a row lock on PostgreSQL;
        # SQLite serialises writers anyway).
        District.objects.select_for_update().filter(pk=district.pk).first()
        if connection.vendor == "postgresql":
            # Let a district's year of ledger be grouped in memory, not spilled to disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        stale = WeeklyRollup.objects.for_district(district).exclude(
            Exists(
                LedgerEntry.objects.filter(
                    district=OuterRef("district"),
                    educator=OuterRef("educator"),
                    week_start=OuterRef("week_start"),
                )
            )
        )
        with connection.cursor() as cursor:
            if weeks is None:
                cursor.execute(_rollup_sql("1 = 1"), [now, district.pk])
            else:
                weeks = sorted(set(weeks))
                if not weeks:
                    return 0
                placeholders = ", ".join(["%s"] * len(weeks))
                cursor.execute(
                    _rollup_sql(f"l.week_start IN ({placeholders})"),
                    [now, district.pk, *map(_date_param, weeks)],
                )
                stale = stale.filter(week_start__in=weeks)
            written = cursor.rowcount
        stale.delete()
        _school_weeks_recompute(district, weeks)
    return written


def _school_weeks_recompute(district: District, weeks: list[date] | None) -> None:
    """Rebuild the per-school weekly sums of the same weeks from the educator rollups."""
    table = SchoolWeekRollup._meta.db_table
    rollup = WeeklyRollup._meta.db_table
    educator = Educator._meta.db_table
    columns = [
        "total_minutes",
        "math_minutes",
        "meaningful_minutes",
        "aligned_minutes",
        *CATEGORY_COLUMNS.values(),
    ]
    existing = SchoolWeekRollup.objects.for_district(district)
    params: list = [district.pk]
    week_filter = "1 = 1"
    if weeks is not None:
        existing = existing.filter(week_start__in=weeks)
        week_filter = f"r.week_start IN ({', '.join(['%s'] * len(weeks))})"
        params += [_date_param(week) for week in weeks]
    existing.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (district_id, school_id, week_start, {", ".join(columns)})
            SELECT r.district_id, r.school_id, r.week_start,
                   {", ".join(f"SUM(r.{c})" for c in columns)}
            FROM {rollup} r
            JOIN {educator} e ON e.id = r.educator_id
            WHERE r.district_id = %s AND {week_filter} AND r.school_id IS NOT NULL
              AND e.active AND e.teaches_math
              AND e.position IN ({", ".join("'" + p + "'" for p in PARTICIPANT_POSITIONS)})
            GROUP BY r.district_id, r.school_id, r.week_start
            """,
            params,
        )


def rollups_recompute_dirty(*, district_id: int) -> list[date]:
    """Drain a district's dirty weeks: recompute them, then clear the marks we saw.

    A week re-marked while we worked keeps its newer mark, so the next run
    picks it up: nothing a concurrent writer did is lost.
    """
    district = District.objects.filter(pk=district_id).first()
    if district is None:
        return []
    with transaction.atomic():
        seen = list(
            DirtyWeek.objects.for_district(district).values_list("pk", "week_start", "marked_at")
        )
        if not seen:
            return []
        rollups_recompute(district=district, weeks=[week for _, week, _ in seen])
        cleared = Q(pk__in=[])
        for pk, _, marked_at in seen:
            cleared |= Q(pk=pk, marked_at=marked_at)
        DirtyWeek.objects.filter(cleared).delete()
    return sorted(week for _, week, _ in seen)


# --- Other PL and manual entries ----------------------------------------------------------


def _attendance_rows(district, activity, attendance: dict) -> None:
    OtherAttendance.objects.filter(activity=activity).delete()
    OtherAttendance.objects.bulk_create(
        OtherAttendance(
            district=district, activity=activity, educator_id=educator_id, attended_minutes=m
        )
        for educator_id, m in attendance.items()
    )


def _clean_attendance(minutes: int, attendance: dict) -> dict:
    cleaned = {}
    for educator_id, attended in attendance.items():
        attended = minutes if attended in (None, "") else int(attended)
        if not 0 < attended <= minutes:
            raise ValidationError(
                {"attendance": [f"Attended minutes must be between 1 and {minutes}."]}
            )
        cleaned[educator_id] = attended
    return cleaned


@transaction.atomic
def other_activity_save(
    *,
    district: District,
    activity: OtherActivity | None = None,
    kind: str,
    title: str,
    date: date,
    minutes: int,
    math_specific: bool,
    priority: Priority | None,
    school: School | None,
    split: dict[str, int],
    attendance: dict,
) -> OtherActivity:
    """Create or edit a staff meeting, curriculum session or other PL, and its ledger rows.

    ``attendance`` maps educator ids to attended minutes (None: the whole activity).
    """
    for obj in (activity, priority, school):
        if obj is not None and obj.district_id != district.pk:
            raise ValidationError("That record is not in this district.")
    check_split(split, minutes)
    attendance = _clean_attendance(minutes, attendance)
    check_same_district(district, attendance)
    activity = activity or OtherActivity(district=district)
    activity.kind, activity.title, activity.date = kind, title, date
    activity.minutes, activity.math_specific = minutes, math_specific
    activity.priority, activity.school = priority, school
    for category, field in SPLIT_FIELDS.items():
        setattr(activity, field, split.get(category) or 0)
    activity.full_clean()
    activity.save()
    _attendance_rows(district, activity, attendance)
    ledger_regenerate_for(
        district=district,
        source=source_of(activity, kind=kind, title=title),
        attendance=attendance.items(),
    )
    return activity


@transaction.atomic
def other_activity_delete(*, district: District, activity: OtherActivity) -> None:
    if activity.district_id != district.pk:
        raise ValidationError("That record is not in this district.")
    ledger_remove_for(district=district, kind=activity.kind, source_id=activity.pk)
    activity.delete()


@transaction.atomic
def manual_entry_record(
    *,
    district: District,
    educator: Educator,
    date: date,
    description: str,
    minutes: int,
    category: str,
    math_specific: bool = True,
    priority: Priority | None = None,
    recorded_by: User | None = None,
) -> ManualEntry:
    for obj in (educator, priority):
        if obj is not None and obj.district_id != district.pk:
            raise ValidationError("That record is not in this district.")
    entry = ManualEntry(
        district=district,
        educator=educator,
        date=date,
        description=description,
        minutes=minutes,
        category=category,
        math_specific=math_specific,
        priority=priority,
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    ledger_regenerate_for(
        district=district,
        source=LedgerSource(
            kind=SourceKind.MANUAL,
            id=entry.pk,
            title=description,
            date=date,
            minutes=minutes,
            split={category: minutes},
            math_specific=math_specific,
            priority_id=priority.pk if priority else None,
        ),
        attendance=[(educator.pk, minutes)],
    )
    return entry


@transaction.atomic
def manual_entry_delete(*, district: District, entry: ManualEntry) -> None:
    if entry.district_id != district.pk:
        raise ValidationError("That record is not in this district.")
    ledger_remove_for(district=district, kind=SourceKind.MANUAL, source_id=entry.pk)
    entry.delete()
