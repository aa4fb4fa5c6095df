"""What the tenant announces for the audit trail, which stands above it.

``districts`` is the bottom layer: it cannot call ``audit``, so the few audited actions
that live here — a membership added, changed or removed, a CSV of named people handed
out — are announced with these signals, sent explicitly by the code that does them (never
from ``save()``). ``audit`` receives them and writes the events in the same transaction.
"""

from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.dispatch import Signal
from django.http import HttpRequest

from districts.models import User


@dataclass(frozen=True)
class Actor:
    """Who did something and from which address: what every audited write is told."""

    user: User | None
    address: str | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> "Actor":
        user = getattr(request, "user", None)
        return cls(
            user=user if user is not None and user.is_authenticated else None,
            address=client_address(request),
        )


SYSTEM = Actor(user=None, address=None)


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the lockout sees it (behind a proxy: the forwarded one)."""
    return get_client_ip_address(request) or None


# membership_changed(district, membership, action, actor, details): action is "added",
# "changed" or "removed"; details says what changed (role, schools) in words.
membership_changed = Signal()

# named_export(request, name, rows): a CSV naming people left the building.
named_export = Signal()
