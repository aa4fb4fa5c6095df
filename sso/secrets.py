"""Client secrets come from the environment or a secret store, never from the database.

A provider names a variable (``SSO_SECRET_…``): its value is the secret, or, when the
variable is unset and ``SSO_SECRETS_DIR`` is, the file of that name in that folder (Docker
and Kubernetes secrets mount there).
"""

import os
from pathlib import Path

from django.conf import settings

from sso.models import SECRET_PREFIX


def client_secret(name: str) -> str | None:
    """The secret a provider names, or None when it is not configured on this server."""
    if not name.startswith(SECRET_PREFIX):
        return None
    value = os.environ.get(name)
    if value:
        return value
    folder = settings.SSO_SECRETS_DIR
    if folder:
        path = Path(folder) / name
        if path.is_file():
            return path.read_text().strip() or None
    return None
