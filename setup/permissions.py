"""Who sets a district up: its admins; the installation's operators (superusers) create and
suspend districts from outside them, without seeing their records."""

from django.http import Http404, HttpRequest

from districts.permissions import ADMIN

SETUP_ROLES = ADMIN


def ensure_operator(request: HttpRequest) -> None:
    """The operator area is not there at all for anyone but a superuser."""
    if not (request.user.is_authenticated and request.user.is_superuser):
        raise Http404("No such page.")
