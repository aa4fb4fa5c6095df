from coaching.models import CoachingCycle
from districts.models import Membership, Role
from districts.permissions import covers_school

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


def can_see_reflections(membership: Membership, cycle: CoachingCycle) -> bool:
    """Teachers' reflections on shared notes: the coach, that school's leaders and admins
    (each teacher sees their own)."""
    if membership.is_admin:
        return True
    if membership.role == Role.COACH:
        return cycle.coach_id == membership.educator_id
    return membership.role == Role.SCHOOL_LEADER and covers_school(membership, cycle.school_id)
