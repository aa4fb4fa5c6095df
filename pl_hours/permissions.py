from django.db.models import QuerySet

from districts.models import Educator, Membership, Role
from districts.permissions import covers_school, schools_in_scope
from pl_hours.models import OtherActivity

AGGREGATE_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.VIEWER)
RECORD_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)
MANUAL_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.TEACHER, Role.COACH)


def can_see_school_detail(membership: Membership, school_id) -> bool:
    """Named educators' hours: admins, and leaders and coaches of that school."""
    return membership.role in (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH) and (
        covers_school(membership, school_id)
    )


def can_record_for_school(membership: Membership, school_id) -> bool:
    """Other PL of a school: admins, and that school's leaders (district-wide: admins)."""
    return membership.role in RECORD_ROLES and covers_school(membership, school_id)


def other_activities_in_scope(membership: Membership) -> QuerySet[OtherActivity]:
    """Staff meetings and other PL a member records: their schools' (all for an admin)."""
    activities = OtherActivity.objects.for_district(membership.district)
    if membership.is_admin:
        return activities
    return activities.filter(school__in=schools_in_scope(membership))


def attendee_candidates(membership: Membership) -> QuerySet[Educator]:
    """Who a member may list as attending their schools' activities."""
    educators = Educator.objects.for_district(membership.district).filter(active=True)
    if not membership.is_admin:
        educators = educators.filter(school__in=schools_in_scope(membership))
    return educators.select_related("school").order_by("school__name", "last_name")


def manual_entry_educators(membership: Membership) -> QuerySet[Educator]:
    """Whose PL recorded elsewhere a member enters: teachers and coaches their own, leaders
    their schools' staff, admins anyone's."""
    if membership.role in (Role.TEACHER, Role.COACH):
        return Educator.objects.for_district(membership.district).filter(pk=membership.educator_id)
    return Educator.objects.visible_to(membership)
