from django.apps import AppConfig


class SubsystemsConfig(AppConfig):
    name = "subsystems"

    def seed_demo(self, ctx):
        from subsystems.demo import seed
        from subsystems.walkthrough_demo import seed as seed_walkthroughs

        seed(ctx)
        seed_walkthroughs(ctx)
