"""A school packet made by two real reports workers through a real Redis broker.

Runs where ``REDIS_URL`` is set and the database is one another process can open
(PostgreSQL); elsewhere it is skipped with the reason.
"""

import io
import zipfile

import pytest
from django.conf import settings

from dashboard import packets, services, tasks
from dashboard.models import BoardReport, PacketPart
from districts.models import School
from tests.brokers import (
    real_broker_url,
    shared_database_url,
    start_worker,
    stop_worker,
    use_broker,
    wait_until,
    worker_queue,
)


def test_packet_parts_go_to_the_reports_queue():
    assert settings.CELERY_TASK_ROUTES["dashboard.tasks.make_packet_part"] == {"queue": "reports"}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_real_workers_make_a_packet(world, monkeypatch, tmp_path):
    broker = real_broker_url()
    shared_database_url()  # skips where a worker cannot share the database
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))  # the workers write where we read
    monkeypatch.setattr(settings, "MEDIA_ROOT", str(tmp_path))
    district = world.a.district
    queue = worker_queue("packet")
    # The workers listen on this test's own queue rather than on "reports".
    monkeypatch.setattr(
        tasks.make_packet_part,
        "delay",
        lambda part_id: tasks.make_packet_part.apply_async((part_id,), queue=queue),
    )
    workers = [start_worker(queue, broker) for _ in range(2)]
    try:
        with use_broker(broker, queue):
            packet = services.packet_request(district=district)
            made = wait_until(
                lambda: (
                    BoardReport.objects.for_district(district)
                    .filter(pk=packet.pk, status__in=("done", "failed"))
                    .exists()
                ),
                seconds=120,
                worker=workers[0],
            )
    finally:
        for worker in workers:
            stop_worker(worker)
    assert made, workers[0].stdout.read()[-4000:]
    packet.refresh_from_db()
    assert (packet.status, packet.progress, packet.error) == ("done", 100, "")
    schools = School.objects.for_district(district).filter(active=True).order_by("code")
    parts = PacketPart.objects.for_district(district).filter(report=packet)
    assert parts.count() == schools.count() and not parts.exclude(status="done").exists()
    with packet.file.open("rb") as raw:
        names = zipfile.ZipFile(io.BytesIO(raw.read())).namelist()
    assert names == [packets.part_file_name(school) for school in schools]
