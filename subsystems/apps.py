from django.apps import AppConfig


class SubsystemsConfig(AppConfig):
    name = "subsystems"

    def ready(self):
        # The beat schedule names the measured check-in task: register it in every process
        # (autodiscovery looks for subsystems.tasks, not the plan package's module).
        from subsystems.plan import tasks  # noqa: F401
