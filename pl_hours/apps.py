from django.apps import AppConfig


class PlHoursConfig(AppConfig):
    name = "pl_hours"

    def ready(self):
        # Register the rollup tasks in every process, not only the worker: the roster
        # queues the recompute by the task's name (it stands below this app), and without a
        # broker that name must resolve to the task to run in-process.
        from pl_hours import tasks  # noqa: F401
