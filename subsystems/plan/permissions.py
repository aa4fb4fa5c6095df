from districts.models import Membership, Role
from districts.permissions import covers_school
from subsystems.models import Objective

PLAN_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


def can_edit_objective(membership: Membership, objective: Objective) -> bool:
    """Admins edit any objective; school leaders their own schools' objectives."""
    if membership.is_admin:
        return True
    return membership.role == Role.SCHOOL_LEADER and (
        objective.school_id is not None and covers_school(membership, objective.school_id)
    )


def can_edit_school_record(membership: Membership, school_id) -> bool:
    """School goals: admins, and leaders of the school."""
    return membership.role in PLAN_WRITE and covers_school(membership, school_id)
