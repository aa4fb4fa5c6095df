import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("coherence")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule is written here, in code, so there is exactly one place
# (and one beat process) that decides what runs when.
BEAT_SCHEDULE: dict[str, dict] = {
    "drain-dirty-pl-weeks": {
        # Every minute: weeks whose recompute never ran (the broker was unreachable when
        # the write committed, a worker died in the middle) are recomputed within minutes.
        # A drain that waited in the queue longer than a minute is dropped: the next comes.
        "task": "pl_hours.tasks.drain_dirty_weeks",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "watch-board-reports": {
        # Every minute: a report whose worker died (or was killed at its time limit) is
        # handed over again, once, then failed with the reason; none stays "Being made".
        "task": "dashboard.tasks.watch_board_reports",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "recompute-recent-pl-hours": {
        # Early Monday: last week is complete; recompute the recent weeks of every
        # district so a lost task or a changed priority never leaves figures stale.
        "task": "pl_hours.tasks.recompute_recent_weeks",
        "schedule": crontab(minute=15, hour=2, day_of_week="mon"),
    },
    "check-in-measured-key-results": {
        # After the rollups, so measured key results read last week's figures.
        "task": "subsystems.plan.tasks.check_in_measured_key_results",
        "schedule": crontab(minute=45, hour=3, day_of_week="mon"),
    },
    "purge-expired-audit-events": {
        # Daily, at a quiet hour: events past AUDIT_RETENTION_DAYS go, every district's.
        "task": "audit.tasks.purge_audit_events",
        "schedule": crontab(minute=30, hour=1),
    },
    "send-reminders-and-digests": {
        # Every hour: each district sends what is due at that hour in its own time zone
        # (reminders on weekday mornings, the digest early on Monday), once a day or week.
        "task": "outreach.tasks.send_reminders_and_digests",
        "schedule": crontab(minute=5),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
