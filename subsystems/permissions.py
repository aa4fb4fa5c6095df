from districts.models import Membership, Role

PD_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
PD_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


def can_add_session(membership: Membership, school_id) -> bool:
    """Admins add any session; school leaders add sessions for their own schools."""
    if membership.is_admin:
        return True
    return membership.role == Role.SCHOOL_LEADER and school_id in membership.school_ids()


def can_edit_session(membership: Membership, session) -> bool:
    return can_add_session(membership, session.school_id)


def attendance_scope(membership: Membership) -> list | None:
    """Whose attendance a member records: everyone's (None) or their schools' staff."""
    return None if membership.is_admin else membership.school_ids()
