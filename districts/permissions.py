"""Who may do what, in one place. Views and API classes ask these predicates."""

from districts.models import Membership, Role

ALL_ROLES = tuple(Role.values)
ADMIN = (Role.DISTRICT_ADMIN,)
STAFF_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)
PERSONNEL_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)


def can_manage_district(membership: Membership) -> bool:
    """Settings: people, roster, imports, priorities, school years."""
    return membership.role == Role.DISTRICT_ADMIN


def can_see_personnel(membership: Membership) -> bool:
    """Viewers see aggregates only, never a named educator's records."""
    return membership.role in PERSONNEL_ROLES
