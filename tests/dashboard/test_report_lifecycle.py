"""A report cannot stick: queued → running (beating) → done or failed, under faults.

The hung broker is a real socket that reads and never answers; the worker is a real
``celery worker`` process, killed with SIGKILL in the middle of a report.
"""

import os
import signal
import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.celery import BEAT_SCHEDULE
from dashboard import lifecycle, watch
from dashboard.models import BoardReport, ReportStatus
from dashboard.reports import report_generate
from dashboard.tasks import generate_report, watch_board_reports
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def a_report(tenant, **fields) -> BoardReport:
    return BoardReport.objects.create(
        district=tenant.district, requested_by=tenant.admin.user, **fields
    )


def after_the_longest_run() -> timedelta:
    return lifecycle.longest_run() + lifecycle.GRACE + timedelta(seconds=1)


def test_a_report_beats_for_longer_than_the_task_may_run_before_it_counts_as_lost():
    assert lifecycle.longest_run() == timedelta(seconds=generate_report.time_limit)
    entry = next(e for e in BEAT_SCHEDULE.values() if e["task"] == watch_board_reports.name)
    assert float(entry["schedule"]) <= 60 and entry["options"]["expires"] <= 60


@pytest.mark.django_db
def test_a_report_is_claimed_by_one_task_only(world):
    report = a_report(world.a)
    claimed = lifecycle.report_claim(report.pk)
    assert claimed is not None and claimed.status == ReportStatus.RUNNING
    assert claimed.attempts == 1 and claimed.heartbeat_at is not None
    # A second delivery of the same work (a redelivery after a lost worker) does nothing.
    assert lifecycle.report_claim(report.pk) is None
    assert report_generate(report_id=report.pk).status == ReportStatus.RUNNING


@pytest.mark.django_db
def test_a_made_report_is_not_made_again_by_a_late_delivery(world):
    report = a_report(world.a)
    made = report_generate(report_id=report.pk)
    assert made.status == ReportStatus.DONE and made.attempts == 1
    again = report_generate(report_id=report.pk)
    assert again.status == ReportStatus.DONE and again.attempts == 1
    assert again.file.name == made.file.name


@pytest.mark.django_db
def test_a_quiet_report_is_made_again_once_then_failed_with_the_reason(world):
    report = a_report(world.a)
    lifecycle.report_claim(report.pk)  # a worker took it, and then died
    now = timezone.now()
    # While it could still be running, it is left alone.
    assert watch.reports_watch(now=now + lifecycle.longest_run()) == {
        "requeued": 0,
        "failed": 0,
    }
    # Beyond the longest run it is handed over again (tasks run in-process here: made).
    assert watch.reports_watch(now=now + after_the_longest_run())["requeued"] == 1
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.DONE, 2, "")

    second = a_report(world.a)
    lifecycle.report_claim(second.pk)
    claimed = timezone.now()  # after the first report was made, however long that took
    BoardReport.objects.filter(pk=second.pk).update(attempts=lifecycle.MAX_ATTEMPTS)
    assert watch.reports_watch(now=claimed + after_the_longest_run())["failed"] == 1
    second.refresh_from_db()
    assert second.status == ReportStatus.FAILED and second.finished_at is not None
    assert "worker making this report stopped" in second.error


@pytest.mark.django_db
def test_a_report_no_worker_picks_up_is_failed_not_queued_for_good(world):
    report = a_report(world.a)
    later = timezone.now() + lifecycle.QUEUED_AT_MOST + timedelta(seconds=1)
    assert watch.reports_watch(now=later)["failed"] == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "No worker picked this report up within 30 minutes" in report.error


@pytest.mark.django_db
def test_a_failed_report_says_why_and_offers_to_make_it_again(
    world, client_for, django_capture_on_commit_callbacks
):
    report = a_report(world.a)
    lifecycle.report_fail(report.pk, "The worker making this report stopped (10:02).")
    client = client_for(world.a.admin)
    response = client.get(page("report_detail", world.a, report_id=report.pk))
    content = response.content.decode()
    assert "The worker making this report stopped (10:02)." in content
    assert "Make it again" in content
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(page("report_regenerate", world.a, report_id=report.pk))
    assert again.status_code == 302
    newest = BoardReport.objects.for_district(world.a.district).first()
    assert newest.pk != report.pk and newest.status == ReportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_asking_for_a_report_while_the_broker_hangs_answers_at_once_and_fails_visibly(
    cast, client_for
):
    client = client_for(cast.a.admin)
    with silent_broker() as hung, use_broker(hung):
        started = time.monotonic()
        response = client.post(page("reports", cast.a), {"period": "ytd", "paper": "letter"})
        seconds = time.monotonic() - started
    assert response.status_code == 302 and seconds < 1.0, seconds
    report = BoardReport.objects.get(district=cast.a.district)
    assert report.status == ReportStatus.FAILED
    assert "could not be handed to the workers" in report.error
    detail = client.get(response["Location"]).content.decode()
    assert "could not be handed to the workers" in detail and "Make it again" in detail


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_report_leaves_it_made_again_within_minutes(
    cast, monkeypatch, tmp_path
):
    broker = real_broker_url()
    database_url = shared_database_url()
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))  # the workers write where we read
    from tests.builders import populate_activities

    populate_activities(cast.a)
    queue = worker_queue("report-killed")
    report = a_report(cast.a)
    worker = start_worker(queue, broker)
    # Hold the vision table, so the worker is caught in the middle of the report (claimed,
    # its figures gathered, typesetting), then kill it there.
    holder = psycopg.connect(database_url)
    try:
        holder.execute("LOCK TABLE subsystems_vision IN ACCESS EXCLUSIVE MODE")
        with use_broker(broker, queue):
            lifecycle.report_queue(report.pk)
            database = connection.settings_dict["NAME"]
            caught = wait_until(lambda: waiting_on_a_lock(database), seconds=60, worker=worker)
        assert caught, "the worker never reached the report"
        report.refresh_from_db()
        assert report.status == ReportStatus.RUNNING
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        holder.rollback()
        holder.close()
        stop_worker(worker)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING  # no live worker holds it: it would stick

    # The beat job's round once the task could no longer be running: handed over again, and
    # a new worker makes it.
    worker = start_worker(queue, broker)
    try:
        with use_broker(broker, queue):
            # Timed from the worker's own last beat: the worker runs on the real clock, and
            # this process may travel to the suite's day.
            counts = watch.reports_watch(now=report.heartbeat_at + after_the_longest_run())
            assert counts == {"requeued": 1, "failed": 0}
            made = wait_until(
                lambda: BoardReport.objects.filter(pk=report.pk, status="done").exists(),
                seconds=90,
                worker=worker,
            )
    finally:
        stop_worker(worker)
    assert made, worker.stdout.read()[-4000:]
    report.refresh_from_db()
    assert report.attempts == 2 and report.pages > 0 and report.file
    assert report.file.read(4) == b"%PDF"


@pytest.mark.django_db
def test_a_quiet_school_packet_gets_its_unmade_parts_made_again(world):
    from dashboard.models import PacketPart
    from dashboard.services import packet_request

    packet = packet_request(district=world.a.district)  # not committed: nothing queued yet
    parts = PacketPart.objects.for_district(world.a.district).filter(report=packet)
    first, *rest = list(parts.order_by("school__code"))
    # One part was made; the worker making the next died in the middle of it.
    from dashboard.packets import packet_part_make

    packet_part_make(part_id=first.pk)
    parts.filter(pk__in=[p.pk for p in rest]).update(status=ReportStatus.RUNNING)
    packet.refresh_from_db()
    assert packet.status == ReportStatus.RUNNING and packet.attempts == 1
    now = timezone.now()
    assert watch.reports_watch(now=now + lifecycle.longest_run())["requeued"] == 0
    assert watch.reports_watch(now=now + after_the_longest_run())["requeued"] == 1
    packet.refresh_from_db()
    assert (packet.status, packet.progress, packet.attempts) == (ReportStatus.DONE, 100, 2)
    assert all(p.status == ReportStatus.DONE for p in parts)


@pytest.mark.django_db(transaction=True)
def test_a_school_packet_asked_for_while_the_broker_hangs_fails_visibly(cast, client_for):
    client = client_for(cast.a.admin)
    with silent_broker() as hung, use_broker(hung):
        started = time.monotonic()
        response = client.post(page("reports", cast.a), {"kind": "packet"})
        seconds = time.monotonic() - started
    assert response.status_code == 302 and seconds < 1.0, seconds
    packet = BoardReport.objects.get(district=cast.a.district)
    assert packet.status == ReportStatus.FAILED
    assert "could not be handed to the workers" in packet.error
