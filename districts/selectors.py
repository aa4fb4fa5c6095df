"""Reads for district pages and the API."""

from django.db.models import Count, Q, QuerySet

from districts.models import District, Educator, Membership, Priority, School, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)  # across districts: the user's own memberships
        .select_related("district")
        .order_by("district__name")
    )


def schools_with_counts(district: District) -> QuerySet[School]:
    return (
        School.objects.for_district(district)
        .order_by("name")
        .annotate(
            educator_count=Count("educators", filter=Q(educators__active=True)),
            math_teacher_count=Count(
                "educators",
                filter=Q(
                    educators__active=True,
                    educators__teaches_math=True,
                    educators__position="teacher",
                ),
            ),
        )
    )


def district_summary(district: District) -> dict:
    schools = School.objects.for_district(district).filter(active=True).count()
    educators = Educator.objects.for_district(district).filter(active=True).count()
    members = Membership.objects.for_district(district).count()
    return {"schools": schools, "educators": educators, "members": members}


def educators_for_page(membership: Membership) -> QuerySet[Educator]:
    return Educator.objects.visible_to(membership).select_related("school")


def memberships_for_page(district: District) -> QuerySet[Membership]:
    return (
        Membership.objects.for_district(district)
        .select_related("user", "educator")
        .prefetch_related("schools")
    )


def active_priorities(district: District) -> QuerySet[Priority]:
    return Priority.objects.for_district(district).filter(active=True)
