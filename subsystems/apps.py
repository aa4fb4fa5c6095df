from django.apps import AppConfig


class SubsystemsConfig(AppConfig):
    name = "subsystems"

    def seed_demo(self, ctx):
        from subsystems.demo import seed

        seed(ctx)
