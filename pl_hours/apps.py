from django.apps import AppConfig


class PlHoursConfig(AppConfig):
    name = "pl_hours"

    def seed_demo(self, ctx):
        from pl_hours.demo import seed

        seed(ctx)

    def seed_demo_finish(self, ctx):
        from pl_hours.demo import finish

        finish(ctx)
