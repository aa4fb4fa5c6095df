"""The beat schedule names tasks that every process knows: a name nobody registered is a job
that silently never runs."""

from config.celery import BEAT_SCHEDULE, app


def test_every_beat_job_names_a_task_the_worker_registers():
    app.loader.import_default_modules()  # what a worker does as it starts: autodiscovery
    registered = set(app.tasks)
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in registered, f"{name}: no task {entry['task']}"


def test_reminders_and_digests_run_every_hour_so_each_district_gets_its_own_morning():
    schedule = BEAT_SCHEDULE["send-reminders-and-digests"]["schedule"]
    assert schedule.minute == {5}
    assert schedule.hour == set(range(24))
