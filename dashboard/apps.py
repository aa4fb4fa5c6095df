from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"

    def ready(self):
        # Register the report tasks in every process, not only the worker: the web queues a
        # report by the task's name (``lifecycle``), which must resolve in the web process.
        from dashboard import tasks  # noqa: F401
