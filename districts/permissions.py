"""Who may do what, in one place. Views and API classes ask these predicates.

Every app keeps its own role rules in its ``permissions.py``; the rules that
are the same everywhere — which schools a member works with, whose aggregates
they see — are written once here.
"""

from uuid import UUID

from django.db.models import QuerySet

from districts.models import Membership, Role, School

ALL_ROLES = tuple(Role.values)
ADMIN = (Role.DISTRICT_ADMIN,)
PERSONNEL_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER)
# Roles that see every school's aggregates, not only their own schools'.
ALL_SCHOOLS_ROLES = (Role.DISTRICT_ADMIN, Role.VIEWER)


def can_manage_district(membership: Membership) -> bool:
    """Settings: people, roster, imports, priorities, school years."""
    return membership.role == Role.DISTRICT_ADMIN


def can_see_personnel(membership: Membership) -> bool:
    """Viewers see aggregates only, never a named educator's records."""
    return membership.role in PERSONNEL_ROLES


def covers_school(membership: Membership, school_id: UUID | None) -> bool:
    """Whether a school is one a member works with: any school for an admin, else one of
    their membership's schools (a district-wide record, ``None``, is an admin's only)."""
    if membership.is_admin:
        return True
    return school_id is not None and school_id in membership.school_ids()


def schools_in_scope(membership: Membership) -> QuerySet[School]:
    """The schools whose records a member works with: all for an admin, else their own."""
    schools = School.objects.for_district(membership.district)
    return schools if membership.is_admin else schools.filter(pk__in=membership.school_ids())


def schools_in_view(membership: Membership) -> QuerySet[School]:
    """The schools whose aggregates a member sees one by one: all for admins and viewers,
    else their own."""
    schools = School.objects.for_district(membership.district)
    if membership.role in ALL_SCHOOLS_ROLES:
        return schools
    return schools.filter(pk__in=membership.school_ids())
