"""Who receives what. Every member has notices and chooses their e-mail; the Monday digest
is for those who follow the district's figures."""

from districts.models import Membership, Role
from districts.permissions import ALL_ROLES

NOTICE_ROLES = ALL_ROLES
# The digest: district admins and school leaders receive it unless they turn it off;
# viewers (aggregates only) may turn it on; coaches and teachers have their own pages.
DIGEST_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.VIEWER)
DIGEST_BY_DEFAULT = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


def can_receive_digest(membership: Membership) -> bool:
    return membership.role in DIGEST_ROLES


def preferences_offered(membership: Membership) -> list[str]:
    """The choices that mean something for a role: a viewer receives no personnel data and
    has nothing to do, only the digest; teachers give no feedback to acknowledge."""
    if membership.role == Role.VIEWER:
        return ["digest"]
    offered = ["email_feedback", "email_reminder"]
    if membership.role != Role.TEACHER:
        offered.insert(1, "email_reply")
    if can_receive_digest(membership):
        offered.append("digest")
    return offered
