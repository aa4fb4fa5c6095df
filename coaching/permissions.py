from coaching.models import CoachingCycle
from districts.models import Membership, Role

VIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
WRITE_ROLES = (Role.DISTRICT_ADMIN, Role.COACH)
TIME_ROLES = (Role.DISTRICT_ADMIN, Role.COACH)


def can_lead_cycles(membership: Membership) -> bool:
    return membership.role == Role.DISTRICT_ADMIN or (
        membership.role == Role.COACH and membership.educator_id is not None
    )


def can_edit_cycle(membership: Membership, cycle: CoachingCycle) -> bool:
    """Admins, and the coach who leads the cycle."""
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role == Role.COACH and cycle.coach_id == membership.educator_id
