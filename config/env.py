"""Read settings from the environment, failing loudly on a bad value.

Every helper names the variable in its error, so a typo in a deployment shows
up at start rather than as odd behaviour later.
"""

import json
import os
from email.utils import parseaddr
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if not value > 0:
        raise ImproperlyConfigured(f"{name}={raw!r} must be more than 0.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a database URL ({exc}). "
            "Examples: sqlite:///var/coherence.sqlite3, postgres://user@host:5432/coherence"
        ) from None
    supported = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    if config.get("ENGINE") not in supported:
        raise ImproperlyConfigured(
            f"{name}={raw!r} names an unsupported database; use sqlite:// or postgres://."
        )
    return config


def env_redis_url(name: str) -> str | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a Redis URL; expected redis://host:6379/0."
        )
    return raw


def env_time_zone(name: str, default: str) -> str:
    raw = os.environ.get(name, default)
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={raw!r} is not an IANA time zone.") from None
    return raw


def env_url(name: str, default: str) -> str:
    """An absolute http(s) URL without a trailing slash, such as https://coherence.example.org."""
    raw = (os.environ.get(name) or default).strip().rstrip("/")
    if not raw.startswith(("http://", "https://")) or "://" not in raw or not raw.split("://")[1]:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an absolute URL; expected https://coherence.example.org."
        )
    return raw


def env_email(name: str, default: str) -> str:
    """An e-mail address, bare or with a name: ``Coherence <coherence@example.org>``."""
    raw = (os.environ.get(name) or default).strip()
    _, address = parseaddr(raw)
    local, _, domain = address.rpartition("@")
    if not local or not domain or " " in address:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an e-mail address; expected coherence@example.org."
        )
    return raw


def env_json_object(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a JSON object.")
    return value
