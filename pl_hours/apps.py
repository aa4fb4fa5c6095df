from django.apps import AppConfig


class PlHoursConfig(AppConfig):
    name = "pl_hours"
