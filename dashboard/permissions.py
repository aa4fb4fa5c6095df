"""Who may see and make board reports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from districts.models import Membership, Role, School
from districts.permissions import schools_in_scope

# Reports hold aggregates only: every member but a teacher reads them (``visible_to``).
REPORT_VIEW = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.VIEWER)
REPORT_WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


def report_schools(membership: Membership) -> QuerySet[School]:
    """The schools a member may make a report for: every active one for an admin, else
    their own."""
    return schools_in_scope(membership).filter(active=True)


def check_report_request(membership: Membership, *, school: School | None, packet: bool) -> None:
    """Refuse a report this member may not ask for: PermissionDenied for the role, a
    ValidationError naming the field for a school that is not theirs."""
    if membership.role not in REPORT_WRITE:
        raise PermissionDenied("District admins and school leaders make reports.")
    if packet and not membership.is_admin:
        raise PermissionDenied("District admins make school packets.")
    if packet or membership.is_admin and school is None:
        return
    if school is None:
        raise ValidationError(
            {"school": ["School leaders make their schools' reports; choose a school."]}
        )
    if not report_schools(membership).filter(pk=school.pk).exists():
        raise ValidationError({"school": ["Choose one of your schools."]})
