"""Links that leave the site (e-mails, a command's output): absolute, from ``SITE_URL``."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``/d/riverside/`` → ``https://coherence.example.org/d/riverside/``."""
    return settings.SITE_URL + path


def absolute_reverse(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))
