"""A write queues a recompute that a real Celery worker runs through a real Redis broker.

Runs where ``REDIS_URL`` is set and the database is one a second process can
open (CI's PostgreSQL pass); elsewhere it is skipped with the reason.
"""

import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from districts.models import DirtyWeek
from pl_hours.models import WeeklyRollup
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no broker to use"),
]


@pytest.fixture(autouse=True)
def _today():
    """The worker runs on the real clock, and a recompute is queued with a countdown: sent
    from a clock hours ahead of the worker's, it would wait those hours. So travel to the
    suite's day only if it is not ahead of the real time."""
    real = datetime.now(tz=ZoneInfo("America/Chicago"))
    with time_machine.travel(min(TODAY, real), tick=True):
        yield


@pytest.fixture
def worker(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share (PostgreSQL)")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"test-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            f"--queues={queue}",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    yield process
    app.conf.task_always_eager, app.conf.task_default_queue = saved
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_recorded_meeting_is_rolled_up_by_the_worker(cast, worker):
    from plcs.services import plc_meeting_record, plc_team_save
    from tests.builders import split

    team = plc_team_save(
        district=cast.a.district,
        school=cast.a.school,
        name="Grade 5",
        members=[cast.a.teacher.educator],
    )
    plc_meeting_record(
        district=cast.a.district,
        team=team,
        date=date(2026, 9, 14),
        minutes=50,
        split=split(log=20, plan=30),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = WeeklyRollup.objects.filter(educator=cast.a.teacher.educator).first()
        if row is not None and not DirtyWeek.objects.exists():
            break
        if worker.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.stdout.read()}")
        time.sleep(0.5)
    else:
        worker.terminate()
        pytest.fail(f"no rollup after 60 s; worker output:\n{worker.communicate()[0][-4000:]}")
    assert (row.total_minutes, row.meaningful_minutes) == (50, 30)
