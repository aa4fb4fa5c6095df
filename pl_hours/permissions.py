from districts.models import Membership, Role

AGGREGATE_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.VIEWER)
RECORD_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)
MANUAL_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.TEACHER, Role.COACH)


def can_see_school_detail(membership: Membership, school_id) -> bool:
    """Named educators' hours: admins, and leaders and coaches of that school."""
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role in (Role.SCHOOL_LEADER, Role.COACH) and (
        school_id in membership.school_ids()
    )


def can_record_for_school(membership: Membership, school_id) -> bool:
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role == Role.SCHOOL_LEADER and school_id in membership.school_ids()
