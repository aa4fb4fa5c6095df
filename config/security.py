"""Who is asking, how often they may, and whether the secret key is secret.

Plain functions with no Django imports at module level: settings use ``secret_key_problem``
before Django is set up.
"""

import ipaddress
import logging

logger = logging.getLogger(__name__)

# Keys that are public: the development default and the placeholder docker-compose.yml
# once carried. Anyone may sign sessions and reset links with them.
PUBLIC_SECRET_KEYS = frozenset(
    {
        "django-insecure-coherence-local-development-only",
        "change-me-to-a-long-random-value-before-going-live",
    }
)
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 10


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot sign a production site's sessions and links (None when it can)."""
    if key in PUBLIC_SECRET_KEYS or key.startswith("django-insecure-"):
        return "is a published development value"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"has {len(key)} characters; use {MIN_SECRET_KEY_LENGTH} or more"
    if len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        return (
            f"has only {len(set(key))} different characters; use a random value with "
            f"{MIN_SECRET_KEY_UNIQUE_CHARACTERS} or more"
        )
    return None


def client_ip(request) -> str:
    """The address of whoever sent the request.

    Without trusted proxies it is the connection's. Behind ``TRUSTED_PROXIES`` proxies each
    appended the address it received the request from to ``X-Forwarded-For``, so the
    client's is that many entries from the right; entries further left were written by the
    client and prove nothing. A header with fewer entries than proxies did not come through
    them all, and the connection's address is used.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def over_limit(scope: str, who: str, *, limit: int, seconds: int) -> bool:
    """Count one more request by ``who`` in ``scope``; True once there were more than
    ``limit`` in the current window of ``seconds``. A fixed window in the shared cache (an
    atomic add-then-increment); when the cache cannot be reached the request is let
    through, and logged."""
    import hashlib
    import time

    from django.core.cache import cache

    window = int(time.time()) // seconds
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]  # no addresses in cache keys
    key = f"limit:{scope}:{window}:{digest}"
    try:
        cache.add(key, 0, timeout=seconds + 5)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        count = 1
    except Exception:
        logger.warning("Rate limit %s not counted: the cache is unreachable", scope, exc_info=True)
        return False
    return count > limit
