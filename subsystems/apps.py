from django.apps import AppConfig


class SubsystemsConfig(AppConfig):
    name = "subsystems"

    def ready(self):
        from subsystems import indicators  # noqa: F401  (registers indicators as measures)

    def seed_demo(self, ctx):
        from subsystems.demo import seed
        from subsystems.plan_demo import seed as seed_plan
        from subsystems.walkthrough_demo import seed as seed_walkthroughs

        seed(ctx)
        seed_walkthroughs(ctx)
        seed_plan(ctx)

    def seed_demo_finish(self, ctx):
        from subsystems.plan_demo import finish

        finish(ctx)
