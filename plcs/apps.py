from django.apps import AppConfig


class PlcsConfig(AppConfig):
    name = "plcs"
