"""Bad settings fail at start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def clean_environment() -> dict:
    unset = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    return {k: v for k, v in os.environ.items() if k not in unset}


def _check(**env):
    environment = clean_environment()
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql-ish:nonsense"),
        ("REDIS_URL", "localhost:6379"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("AXES_FAILURE_LIMIT", "five"),
        ("EMAIL_PORT", "smtp"),
        ("EMAIL_USE_TLS", "sometimes"),
        ("DEFAULT_FROM_EMAIL", "Coherence at example dot org"),
    ],
)
def test_bad_value_names_the_variable(variable, value):
    result = _check(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = _check(HTTPS_ONLY="true", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_values_pass_the_deploy_check():
    environment = clean_environment()
    environment.update(
        DEBUG="false",
        HTTPS_ONLY="true",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-value-1234567890",
        ALLOWED_HOSTS="coherence.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _setting(name: str, **env) -> str:
    environment = clean_environment()
    environment.update(env)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from django.conf import settings; print(settings.{name})",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_email_goes_to_the_console_unless_a_mail_server_is_named():
    unset = dict.fromkeys(("EMAIL_HOST", "EMAIL_BACKEND"), "")
    assert _setting("EMAIL_BACKEND", **unset).endswith("console.EmailBackend")
    assert _setting("EMAIL_BACKEND", EMAIL_HOST="smtp.example.org").endswith("smtp.EmailBackend")
    assert (
        _setting("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL="Coherence <coherence@example.org>")
        == "Coherence <coherence@example.org>"
    )


PUBLISHED_COMPOSE_KEY = "change-me-to-a-long-random-value-before-going-live"


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("django-insecure-coherence-local-development-only", "published"),
        (PUBLISHED_COMPOSE_KEY, "published"),
        ("hunter", "6 characters"),
        ("ab" * 40, "2 different characters"),
    ],
)
def test_production_refuses_a_published_or_weak_secret_key(key, why):
    result = _check(HTTPS_ONLY="true", SECRET_KEY=key, ALLOWED_HOSTS="coherence.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and why in result.stderr


def test_a_weak_key_set_by_hand_is_refused_outside_production_too():
    result = _check(SECRET_KEY="short-key")
    assert result.returncode != 0
    assert "SECRET_KEY has 9 characters" in result.stderr


def test_the_deploy_check_refuses_the_development_key():
    environment = clean_environment()
    environment.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "coherence.E001" in result.stdout + result.stderr


def test_compose_publishes_no_secret_key():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert PUBLISHED_COMPOSE_KEY not in compose
    assert "${SECRET_KEY:?" in compose
