from django.apps import AppConfig


class CoherenceConfig(AppConfig):
    """The settings' own checks; no models."""

    name = "config"
    label = "coherence"
    verbose_name = "Coherence settings"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers them)
