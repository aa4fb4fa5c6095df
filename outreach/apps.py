from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Reminders and the Monday digest"

    def ready(self):
        # The beat schedule names these tasks: register them in every process.
        from outreach import tasks  # noqa: F401
