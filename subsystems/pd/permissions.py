from django.db.models import QuerySet

from districts.models import Membership, Role, School
from districts.permissions import covers_school, schools_in_scope
from subsystems.models import PDSession

PD_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
PD_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


def can_add_session(membership: Membership, school_id) -> bool:
    """Admins add any session; school leaders add sessions for their own schools."""
    return membership.role in PD_WRITE and covers_school(membership, school_id)


def can_edit_session(membership: Membership, session: PDSession) -> bool:
    return can_add_session(membership, session.school_id)


def attendance_scope(membership: Membership) -> list | None:
    """Whose attendance a member records: everyone's (None) or their schools' staff."""
    return None if membership.is_admin else membership.school_ids()


def session_schools(membership: Membership) -> QuerySet[School]:
    """The schools a member records sessions and attendance for."""
    return schools_in_scope(membership)
