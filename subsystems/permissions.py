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


WALK_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
WALK_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)
WALK_INSIGHT = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)


def walkthrough_schools(membership: Membership, schools):
    """Schools a member may record walkthroughs in: all for admins, else their own."""
    return schools if membership.is_admin else schools.filter(pk__in=membership.school_ids())


def can_edit_walkthrough(membership: Membership, walkthrough) -> bool:
    return membership.is_admin or (
        membership.educator_id is not None and walkthrough.observer_id == membership.educator_id
    )


def can_calibrate(membership: Membership, walkthrough) -> bool:
    """The coach who co-observed records their own ratings of the same visit."""
    return (
        walkthrough.same_visit_as_id is None
        and membership.educator_id is not None
        and walkthrough.co_observer_id == membership.educator_id
    )
