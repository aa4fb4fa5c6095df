from django.apps import AppConfig


class SubsystemsConfig(AppConfig):
    name = "subsystems"
