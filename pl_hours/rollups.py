"""The weekly rollups, recomputed from the ledger with set-based SQL.

The ledger of a district is grouped once (one ``SELECT … GROUP BY``) into one
row per (educator, week) and one per (school, week); only rows whose figures
changed are written. Nothing here loops over ledger rows in Python.
"""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from districts.models import PARTICIPANT_POSITIONS, DirtyWeek, District, Educator, Priority
from pl_hours.models import LedgerEntry, SchoolWeekRollup, WeeklyRollup
from pl_hours.rules import CATEGORIES, monday

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


def _date_param(day: date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def recompute_lock(district: District) -> None:
    """One recompute per district at a time, until the transaction ends: a row lock on
    PostgreSQL (SQLite serialises writers anyway). FOR NO KEY UPDATE, not FOR UPDATE: the
    foreign-key checks of every write to the district's tables take FOR KEY SHARE on the
    district's row, which FOR UPDATE would make wait for the recompute — and deadlock
    with it under load."""
    District.objects.select_for_update(no_key=True).filter(pk=district.pk).first()


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
        recompute_lock(district)
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
        DirtyWeek.objects.for_district(district).filter(cleared).delete()
    return sorted(week for _, week, _ in seen)


def rollups_drain_dirty() -> dict[int, list[date]]:
    """Recompute every district's dirty weeks (the frequent beat job): what a write marked
    but whose own recompute never ran — the broker was unreachable, a worker died — is
    recomputed within minutes. Returns the weeks recomputed per district."""
    # across districts: this job finds which districts have work waiting.
    district_ids = sorted(set(DirtyWeek.objects.values_list("district_id", flat=True)))
    drained = {}
    for district_id in district_ids:
        weeks = rollups_recompute_dirty(district_id=district_id)
        if weeks:
            drained[district_id] = weeks
    return drained


def rollups_disagreements(*, district: District) -> tuple[int, list[str]]:
    """Compare the stored rollups with the ledger grouped afresh (the consistency check after
    a load test or an outage): returns the educator-weeks compared and, for each that
    differs, what differs."""
    figures = ROLLUP_FIGURES[1:]  # the sums (the school is where the educator is now)
    with connection.cursor() as cursor:
        cursor.execute(grouped_ledger_sql("1 = 1"), [district.pk])
        names = [column[0] for column in cursor.description]
        fresh = {
            (str(uuid.UUID(str(row["educator_id"]))), str(row["week_start"])): [
                row[f] for f in figures
            ]
            for row in (dict(zip(names, values, strict=True)) for values in cursor.fetchall())
        }
    stored = {
        (str(educator_id), str(week)): list(rest)
        for educator_id, week, *rest in WeeklyRollup.objects.for_district(district).values_list(
            "educator_id", "week_start", *figures
        )
    }
    problems = []
    for key in sorted(set(fresh) | set(stored), key=str):
        expected, found = fresh.get(key), stored.get(key)
        if expected != found:
            problems.append(f"educator {key[0]} week {key[1]}: ledger {expected}, rollup {found}")
    return len(set(fresh) | set(stored)), problems


# The weekly job recomputes this many weeks back, and the current week.
RECENT_WEEKS = 4


def rollups_recompute_recent(*, district_id: int, weeks: int = RECENT_WEEKS) -> int:
    """Recompute the current week and the ``weeks`` before it (the Monday job's safety net)."""
    district = District.objects.filter(pk=district_id).first()
    if district is None:
        return 0
    this_week = monday(timezone.localdate())
    return rollups_recompute(
        district=district, weeks=[this_week - timedelta(weeks=n) for n in range(weeks + 1)]
    )
