from districts.models import Membership, Role
from plcs.models import PLCTeam

VIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
WRITE_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)


def can_manage_teams(membership: Membership, school_id=None) -> bool:
    """Admins anywhere; school leaders in their schools."""
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role == Role.SCHOOL_LEADER and (
        school_id is None or school_id in membership.school_ids()
    )


def can_record_meeting(membership: Membership, team: PLCTeam) -> bool:
    """Admins; leaders of the team's school; coaches who work with that school."""
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role in (Role.SCHOOL_LEADER, Role.COACH) and (
        team.school_id in membership.school_ids()
    )
