from django.apps import AppConfig


class PlcsConfig(AppConfig):
    name = "plcs"

    def seed_demo(self, ctx):
        from plcs.demo import seed

        seed(ctx)
