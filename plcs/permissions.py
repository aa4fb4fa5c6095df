from django.db.models import QuerySet

from districts.models import Educator, Membership, Role, School
from districts.permissions import covers_school, schools_in_scope
from plcs.models import PLCTeam

VIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
WRITE_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)


def can_manage_teams(membership: Membership, school_id=None) -> bool:
    """Admins anywhere; school leaders in their schools (``None``: in any of them)."""
    if membership.role == Role.DISTRICT_ADMIN:
        return True
    return membership.role == Role.SCHOOL_LEADER and (
        school_id is None or covers_school(membership, school_id)
    )


def can_record_meeting(membership: Membership, team: PLCTeam) -> bool:
    """Admins; leaders of the team's school; coaches who work with that school."""
    return membership.role in WRITE_ROLES and covers_school(membership, team.school_id)


def team_form_choices(membership: Membership) -> tuple[QuerySet[School], QuerySet[Educator]]:
    """The schools a member sets teams up in, and the staff they can put on a team."""
    schools = schools_in_scope(membership)
    educators = Educator.objects.for_district(membership.district).filter(
        active=True, school__in=schools
    )
    return schools, educators.select_related("school")
