"""One-click unsubscribe links (RFC 8058): signed, so they need no login and cannot be
made for someone else, and lasting, since an e-mail is read long after it is sent."""

from dataclasses import dataclass
from typing import Any

from django.core import signing

from districts.links import absolute_reverse
from districts.models import Membership
from notices.models import Topic

SALT = "notices.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    district_id: int
    membership_id: str
    topic: str


def unsubscribe_token(membership: Membership, topic: str) -> str:
    return signing.dumps(
        {"d": membership.district_id, "m": str(membership.pk), "t": topic}, salt=SALT
    )


def read_token(token: str) -> Unsubscribe | None:
    """What a token stops, or None for a token that was not made here (or was altered)."""
    try:
        data: Any = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("t") not in Topic.values:
        return None
    try:
        return Unsubscribe(
            district_id=int(data["d"]), membership_id=str(data["m"]), topic=data["t"]
        )
    except (KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(membership: Membership, topic: str) -> str:
    return absolute_reverse("unsubscribe", token=unsubscribe_token(membership, topic))
