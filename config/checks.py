"""`manage.py check --deploy` refuses what the settings allow only outside production."""

from django.conf import settings
from django.core import checks

from config.security import secret_key_problem


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_secret(app_configs, **kwargs):
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is None:
        return []
    return [
        checks.Error(
            f"SECRET_KEY {problem}.",
            hint="Set SECRET_KEY to a long random value (50 characters or more).",
            id="coherence.E001",
        )
    ]
