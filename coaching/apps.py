from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"

    def seed_demo(self, ctx):
        from coaching.demo import seed

        seed(ctx)
