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
# The figures of a rollup row, in the order the grouped SELECT yields them.
ROLLUP_FIGURES = [
    "school_id",
    "total_minutes",
    "math_minutes",
    "meaningful_minutes",
    "aligned_minutes",
    *CATEGORY_COLUMNS.values(),
]
# A school week holds the same sums, without the school (its key).
SCHOOL_WEEK_FIGURES = ROLLUP_FIGURES[1:]


# Group a district's year of ledger in memory, not spilled to disk; and skip JIT
# compilation, which costs more than it saves on this statement.
ROLLUP_SESSION_SETTINGS = ["SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off"]


def _week_filter(alias: str, weeks: list[date] | None) -> tuple[str, list]:
    if weeks is None:
        return "1 = 1", []
    return (
        f"{alias}.week_start IN ({', '.join(['%s'] * len(weeks))})",
        [_date_param(week) for week in weeks],
    )


def grouped_ledger_sql(week_filter: str) -> str:
    """The ledger of one district (``%s``) grouped into rollup rows: district_id,
    educator_id, week_start, then ROLLUP_FIGURES. Everything the rollups hold comes
    from this one ``SELECT … GROUP BY``."""
    ledger = LedgerEntry._meta.db_table
    educator = Educator._meta.db_table
    priority = Priority._meta.db_table
    meaningful = "l.math_specific AND l.category = 'instructional_planning'"
    category_sums = ",\n".join(
        f"SUM(CASE WHEN l.category = '{category}' THEN l.minutes ELSE 0 END) AS {column}"
        for category, column in CATEGORY_COLUMNS.items()
    )
    return f"""
        SELECT
            l.district_id, l.educator_id, l.week_start, e.school_id,
            SUM(l.minutes) AS total_minutes,
            SUM(CASE WHEN l.math_specific THEN l.minutes ELSE 0 END) AS math_minutes,
            SUM(CASE WHEN {meaningful} THEN l.minutes ELSE 0 END) AS meaningful_minutes,
            SUM(CASE WHEN {meaningful} AND p.active THEN l.minutes ELSE 0 END)
                AS aligned_minutes,
            {category_sums}
        FROM {ledger} l
        JOIN {educator} e ON e.id = l.educator_id
        LEFT JOIN {priority} p ON p.id = l.priority_id
        WHERE l.district_id = %s AND {week_filter}
        GROUP BY l.district_id, e.school_id, l.educator_id, l.week_start
    """


def _sync_ctes(
    name: str,
    *,
    table: str,
    keys: list[str],
    figures: list[str],
    source: str,
    scope: str,
    stamped: bool = False,
) -> str:
    """CTEs that make ``table``'s rows in ``scope`` equal to the ``source`` CTE's.

    One hash join of the two finds what differs: rows the table lacks are inserted,
    rows whose figures changed are updated by id, rows the source no longer has are
    deleted; rows that are already right are not touched. (The caller holds the
    district's row lock, taken before this statement under READ COMMITTED, Django's
    default: no other recompute inserts the same keys meanwhile, and this statement
    sees the rows the previous one wrote.)
    """
    on = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in figures)
    columns = ["district_id", *keys, *figures]
    updates = ", ".join(f"{c} = d.{c}" for c in figures)
    stamp_column = stamp = ""
    if stamped:
        stamp_column, stamp = ", computed_at", ", statement_timestamp()"
        updates += ", computed_at = statement_timestamp()"
    return f"""
        {name}_diff AS MATERIALIZED (
            SELECT s.*, t.id AS current_id
            FROM {source} s
            FULL JOIN (
                SELECT t.id, {", ".join(f"t.{c}" for c in [*keys, *figures])}
                FROM {table} t WHERE {scope}
            ) t ON {on}
            WHERE s.{keys[0]} IS NULL OR t.id IS NULL OR {differs}
        ),
        {name}_inserted AS (
            INSERT INTO {table} ({", ".join(columns)}{stamp_column})
            SELECT {", ".join(columns)}{stamp} FROM {name}_diff WHERE current_id IS NULL
            RETURNING 1
        ),
        {name}_updated AS (
            UPDATE {table} t SET {updates}
            FROM {name}_diff d
            WHERE t.id = d.current_id AND d.{keys[0]} IS NOT NULL
            RETURNING 1
        ),
        {name}_removed AS (
            DELETE FROM {table}
            WHERE id IN (SELECT current_id FROM {name}_diff WHERE {keys[0]} IS NULL)
            RETURNING 1
        )
    """


def _participant_filter(alias: str) -> str:
    positions = ", ".join(f"'{p}'" for p in PARTICIPANT_POSITIONS)
    return f"{alias}.active AND {alias}.teaches_math AND {alias}.position IN ({positions})"


def _recompute_postgresql(district: District, weeks: list[date] | None) -> int:
    """One statement: group the ledger once into educator weeks, sum those into school
    weeks, and sync both tables with them (a hash join each finds what differs; only
    that is written or deleted). Recomputing unchanged weeks, the weekly job's usual
    case, writes nothing and costs little more than the GROUP BY itself."""
    educator = Educator._meta.db_table
    ledger_weeks, ledger_params = _week_filter("l", weeks)
    rollup_weeks, rollup_params = _week_filter("t", weeks)
    rollups = _sync_ctes(
        "rollup",
        table=WeeklyRollup._meta.db_table,
        keys=["educator_id", "week_start"],
        figures=ROLLUP_FIGURES,
        source="grouped",
        scope=f"t.district_id = %s AND {rollup_weeks}",
        stamped=True,
    )
    school_weeks = _sync_ctes(
        "school",
        table=SchoolWeekRollup._meta.db_table,
        keys=["school_id", "week_start"],
        figures=SCHOOL_WEEK_FIGURES,
        source="school_grouped",
        scope=f"t.district_id = %s AND {rollup_weeks}",
    )
    sql = f"""
        WITH grouped AS MATERIALIZED ({grouped_ledger_sql(ledger_weeks)}),
        school_grouped AS MATERIALIZED (
            SELECT g.district_id, g.school_id, g.week_start,
                   {", ".join(f"SUM(g.{c}) AS {c}" for c in SCHOOL_WEEK_FIGURES)}
            FROM grouped g JOIN {educator} e ON e.id = g.educator_id
            WHERE g.school_id IS NOT NULL AND {_participant_filter("e")}
            GROUP BY g.district_id, g.school_id, g.week_start
        ),
        {rollups},
        {school_weeks}
        SELECT (SELECT COUNT(*) FROM rollup_inserted) + (SELECT COUNT(*) FROM rollup_updated),
               (SELECT COUNT(*) FROM rollup_removed),
               (SELECT COUNT(*) FROM school_inserted), (SELECT COUNT(*) FROM school_updated),
               (SELECT COUNT(*) FROM school_removed)
    """
    params = [district.pk, *ledger_params, *([district.pk, *rollup_params] * 2)]
    with connection.cursor() as cursor:
        for setting in ROLLUP_SESSION_SETTINGS:
            cursor.execute(setting)
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _recompute_sqlite(district: District, weeks: list[date] | None) -> int:
    """The embedded database: an upsert that rewrites changed rows only, one DELETE of
    rollups with no ledger rows left, then the school weeks rebuilt from the rollups."""
    rollup = WeeklyRollup._meta.db_table
    columns = ["district_id", "educator_id", "week_start", *ROLLUP_FIGURES]
    ledger_weeks, ledger_params = _week_filter("l", weeks)
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*ROLLUP_FIGURES, "computed_at"])
    changed = " OR ".join(f"{rollup}.{c} IS NOT excluded.{c}" for c in ROLLUP_FIGURES)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {rollup} ({", ".join(columns)}, computed_at)
            SELECT {", ".join(f"g.{c}" for c in columns)}, %s
            FROM ({grouped_ledger_sql(ledger_weeks)}) g WHERE true
            ON CONFLICT (district_id, educator_id, week_start) DO UPDATE SET {updates}
            WHERE {changed}
            """,
            [now, district.pk, *ledger_params],
        )
        written = cursor.rowcount
    stale = WeeklyRollup.objects.for_district(district).exclude(
        Exists(
            LedgerEntry.objects.filter(
                district=OuterRef("district"),
                educator=OuterRef("educator"),
                week_start=OuterRef("week_start"),
            )
        )
    )
    if weeks is not None:
        stale = stale.filter(week_start__in=weeks)
    stale.delete()
    _school_weeks_rebuild(district, weeks)
    return written


def _date_param(day: date):
    return connection.ops.adapt_datefield_value(day)


def rollups_recompute(*, district: District, weeks: Iterable[date] | None = None) -> int:
    """Recompute the rollups of some weeks (or all, when ``weeks`` is None) with set-based SQL.

    The ledger is grouped once (one ``SELECT … GROUP BY``); every (educator, week)
    with ledger rows is written when a figure changed, rollups whose ledger rows
    are gone are deleted, and the per-school weekly sums follow. Running it twice
    gives the same rows. Returns the number of educator-week rows written.
    """
    if weeks is not None:
        weeks = sorted(set(weeks))
        if not weeks:
            return 0
    with transaction.atomic():
        # One recompute per district at a time (a row lock on PostgreSQL;
        # SQLite serialises writers anyway).
        District.objects.select_for_update().filter(pk=district.pk).first()
        if connection.vendor == "postgresql":
            return _recompute_postgresql(district, weeks)
        return _recompute_sqlite(district, weeks)


def _school_weeks_rebuild(district: District, weeks: list[date] | None) -> None:
    """The embedded database: rebuild the per-school weekly sums of the same weeks from
    the educator rollups."""
    table = SchoolWeekRollup._meta.db_table
    rollup = WeeklyRollup._meta.db_table
    educator = Educator._meta.db_table
    columns = SCHOOL_WEEK_FIGURES
    existing = SchoolWeekRollup.objects.for_district(district)
    if weeks is not None:
        existing = existing.filter(week_start__in=weeks)
    existing.delete()
    week_filter, week_params = _week_filter("r", weeks)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (district_id, school_id, week_start, {", ".join(columns)})
            SELECT r.district_id, r.school_id, r.week_start,
                   {", ".join(f"SUM(r.{c})" for c in columns)}
            FROM {rollup} r
            JOIN {educator} e ON e.id = r.educator_id
            WHERE r.district_id = %s AND {week_filter} AND r.school_id IS NOT NULL
              AND {_participant_filter("e")}
            GROUP BY r.district_id, r.school_id, r.week_start
            """,
            [district.pk, *week_params],
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
