"""Reads for district pages and the API."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from districts.models import (
    District,
    Educator,
    Membership,
    Priority,
    School,
    SchoolYear,
    User,
    monday_of,
)


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


def first_counted_week(school_year: SchoolYear) -> date:
    """The first week whose PL counts toward a school year: the week of its start, or, when
    the district counts PL between two school years toward the next, the week after the
    previous year's last (a week belongs to the year its Monday falls in)."""
    first = monday_of(school_year.start_date)
    if school_year.district.summer_pl_counts_next_year:
        previous_end = (
            SchoolYear.objects.for_district(school_year.district_id)
            .filter(end_date__lt=school_year.start_date)
            .order_by("-end_date")
            .values_list("end_date", flat=True)
            .first()
        )
        if previous_end is not None:
            first = min(first, monday_of(previous_end) + timedelta(weeks=1))
    return first
