"""Writes and figures when the broker hangs or a worker dies, with real components.

The hung broker is a real socket on loopback that reads and never answers; the broker that
comes back is the real Redis at ``REDIS_URL``; the worker is a real ``celery worker``
process, killed with SIGKILL in the middle of a recompute.
"""

import os
import signal
import threading
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from django.db import connection, connections
from django.db.models import Sum
from django.urls import reverse

from config.celery import BEAT_SCHEDULE
from districts.models import DirtyWeek
from pl_hours.models import LedgerEntry, WeeklyRollup
from pl_hours.rules import monday
from pl_hours.tasks import drain_dirty_weeks, recompute_dirty_weeks
from plcs.services import plc_team_save
from tests.brokers import (
    real_broker_url,
    shared_database_url,
    silent_broker,
    start_worker,
    stop_worker,
    use_broker,
    wait_until,
    waiting_on_a_lock,
    worker_queue,
)
from tests.conftest import TODAY

DAY = date(2026, 9, 14)


@pytest.fixture(autouse=True)
def _today():
    """A worker runs on the real clock and a recompute is queued with a short countdown: sent
    from a clock ahead of the worker's it would wait that long. Travel to the suite's day
    only when it is not ahead of the real time."""
    real = datetime.now(tz=ZoneInfo("America/Chicago"))
    with time_machine.travel(min(TODAY, real), tick=True):
        yield


def record_meeting(api, tenant, team, minutes=50, within: float = 10.0):
    """POST a PLC meeting from another thread; returns (status, seconds), or fails when the
    request has not answered within ``within`` seconds."""
    list_url = reverse("api-plc-meeting-list", kwargs={"district_slug": tenant.district.slug})
    assert api.get(list_url).status_code == 200  # the endpoint's code loaded: time the write
    outcome: dict = {}

    def post():
        started = time.monotonic()
        try:
            response = api.post(
                list_url,
                {
                    "team": str(team.pk),
                    "date": DAY.isoformat(),
                    "minutes": minutes,
                    "time_use": {"logistics": minutes - 30, "instructional_planning": 30},
                },
                format="json",
            )
            outcome["status"] = response.status_code
        finally:
            outcome["seconds"] = time.monotonic() - started
            connections.close_all()

    thread = threading.Thread(target=post)
    thread.start()
    thread.join(timeout=within)
    if thread.is_alive():
        pytest.fail(f"the write had not answered after {within:.0f} s")
    return outcome.get("status"), outcome["seconds"]


@pytest.fixture
def team(cast):
    return plc_team_save(
        district=cast.a.district,
        school=cast.a.school,
        name="Grade 5",
        members=[cast.a.teacher.educator, cast.a.teacher2.educator],
    )


def ledger_matches_rollups(district) -> bool:
    ledger = LedgerEntry.objects.for_district(district).aggregate(m=Sum("minutes"))["m"] or 0
    rolled = WeeklyRollup.objects.for_district(district).aggregate(m=Sum("total_minutes"))["m"]
    return ledger == (rolled or 0)


@pytest.mark.django_db(transaction=True)
def test_a_write_answers_within_a_second_when_the_broker_hangs(cast, team, api_for):
    api = api_for(cast.a.principal)
    with silent_broker() as hung, use_broker(hung):
        first = record_meeting(api, cast.a, team)
        second = record_meeting(api, cast.a, team, minutes=40)
    for status, seconds in (first, second):
        assert status == 201
        assert seconds < 1.0, f"the write took {seconds:.2f} s"
    # The hand-off failed, but the work it carried is recorded: the week stays dirty.
    assert DirtyWeek.objects.filter(district=cast.a.district, week_start=monday(DAY)).exists()


def test_the_beat_drains_dirty_weeks_every_minute():
    entry = next(e for e in BEAT_SCHEDULE.values() if e["task"] == drain_dirty_weeks.name)
    assert float(entry["schedule"]) <= 60
    # A drain that waited out a broker outage in the queue is not worth running late.
    assert entry["options"]["expires"] <= 60


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_figures_catch_up_once_a_real_broker_is_back(cast, team, api_for):
    broker = real_broker_url()
    shared_database_url()  # skips where a worker cannot share the database
    api = api_for(cast.a.principal)
    with silent_broker() as hung, use_broker(hung):
        status, seconds = record_meeting(api, cast.a, team)
    assert (status, seconds < 1.0) == (201, True)
    assert not WeeklyRollup.objects.exists()

    queue = worker_queue("catch-up")
    worker = start_worker(queue, broker)
    try:
        with use_broker(broker, queue):
            drain_dirty_weeks.delay()  # what beat sends every minute
            caught_up = wait_until(
                lambda: not DirtyWeek.objects.exists() and WeeklyRollup.objects.exists(),
                seconds=60,
                worker=worker,
            )
    finally:
        stop_worker(worker)
    assert caught_up, worker.stdout.read()[-4000:]
    row = WeeklyRollup.objects.get(educator=cast.a.teacher.educator)
    assert (row.total_minutes, row.meaningful_minutes) == (50, 30)
    assert ledger_matches_rollups(cast.a.district)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_recompute_leaves_exact_totals_and_is_retried(cast, team, api_for):
    broker = real_broker_url()
    database_url = shared_database_url()
    api = api_for(cast.a.principal)
    with silent_broker() as hung, use_broker(hung):
        assert record_meeting(api, cast.a, team)[0] == 201
    district = cast.a.district
    queue = worker_queue("killed")
    worker = start_worker(queue, broker)
    # Hold the rollups table, so the worker's recompute is caught in the middle of its
    # transaction, then kill the worker there.
    holder = psycopg.connect(database_url)
    try:
        holder.execute("LOCK TABLE pl_hours_weeklyrollup IN EXCLUSIVE MODE")
        with use_broker(broker, queue):
            recompute_dirty_weeks.delay(district.pk)
            database = connection.settings_dict["NAME"]
            caught = wait_until(lambda: waiting_on_a_lock(database), seconds=30, worker=worker)
        assert caught, "the worker never reached the recompute"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        holder.rollback()
        holder.close()
        stop_worker(worker)
    # Nothing half-written: the killed recompute rolled back, its weeks are still marked.
    assert wait_until(lambda: not waiting_on_a_lock(connection.settings_dict["NAME"]), seconds=10)
    assert not WeeklyRollup.objects.exists()
    assert DirtyWeek.objects.filter(district=district).exists()

    # A new worker and the next minute's beat job: the weeks are recomputed, exactly.
    worker = start_worker(queue, broker)
    try:
        with use_broker(broker, queue):
            started = time.monotonic()
            drain_dirty_weeks.delay()
            retried = wait_until(
                lambda: not DirtyWeek.objects.exists() and WeeklyRollup.objects.exists(),
                seconds=60,
                worker=worker,
            )
    finally:
        stop_worker(worker)
    assert retried, worker.stdout.read()[-4000:]
    assert time.monotonic() - started < 60
    assert ledger_matches_rollups(district)
    row = WeeklyRollup.objects.get(district=district, educator=cast.a.teacher.educator)
    assert (row.total_minutes, row.meaningful_minutes) == (50, 30)


def test_the_visibility_timeout_outlasts_the_longest_task():
    """Workers acknowledge late: a task whose worker died is redelivered once the broker's
    visibility timeout has passed — after the longest a task may run, and not much later."""
    from config.celery import app

    app.loader.import_default_modules()
    limits = [
        task.time_limit or app.conf.task_time_limit
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    ]
    assert None not in limits, "every task has a time limit"
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert max(limits) < visibility <= max(limits) + 10 * 60
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


@pytest.mark.django_db(transaction=True)
def test_writes_go_on_while_a_recompute_holds_its_district(cast, team):
    """A recompute serialises with other recomputes of its district, not with writes: a
    write's foreign-key checks commit while a recompute is in the middle of its work."""
    from django.db import transaction

    from pl_hours.rollups import recompute_lock
    from plcs.services import plc_meeting_record
    from tests.builders import split

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite runs one writer at a time)")
    outcome: dict = {}

    def write():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '3s'")
            with transaction.atomic():
                plc_meeting_record(
                    district=cast.a.district,
                    team=team,
                    date=DAY,
                    minutes=45,
                    split=split(log=15, plan=30),
                )
            outcome["ok"] = True
        except Exception as exc:  # the lock wait timed out: the write would have waited
            outcome["error"] = exc
        finally:
            connections.close_all()

    with transaction.atomic():
        recompute_lock(cast.a.district)
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=20)
    assert outcome == {"ok": True}
