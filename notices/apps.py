from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Notices and e-mail"

    def ready(self):
        # Register the sending task in every process: services queue it after their commit,
        # and without a broker the name must resolve to the task to run in-process.
        from notices import tasks  # noqa: F401
