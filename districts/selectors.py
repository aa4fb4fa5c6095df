"""Reads for district pages and the API."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


def member_of_educator(district: District, educator_id: Any) -> Membership | None:
    """The login of a roster record in a district, if it has one (who a notice about that
    educator's work goes to)."""
    if educator_id is None:
        return None
    return (
        Membership.objects.for_district(district)
        .filter(educator_id=educator_id)
        .select_related("user", "district", "educator")
        .first()
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


def school_year_for(district: District, today: date) -> SchoolYear | None:
    """The year a day is seen in: the one going on, else the next, else the latest."""
    years = SchoolYear.objects.for_district(district)
    return (
        years.filter(start_date__lte=today, end_date__gte=today).first()
        or years.filter(start_date__gt=today).order_by("start_date").first()
        or years.filter(start_date__lte=today).order_by("-start_date").first()
    )


@dataclass
class YearState:
    year: SchoolYear
    state: str  # "current", "upcoming", "over" or "read-only"
    breaks: int


def school_years_with_state(district: District) -> list[YearState]:
    """The district's school years, newest first, each with where it stands today."""
    today = district.today()
    years = list(
        SchoolYear.objects.for_district(district)
        .annotate(break_count=Count("breaks"))
        .order_by("-start_date")
    )
    rows = []
    for index, year in enumerate(years):
        if year.start_date > today:
            state = "upcoming"
        elif year.end_date >= today:
            state = "current"
        else:
            state = "read-only" if index > 0 else "over"
        rows.append(YearState(year=year, state=state, breaks=year.break_count))
    return rows


def districts_for_operator(districts: QuerySet[District]) -> QuerySet[District]:
    """Districts with how many schools, educators and members each has: all an operator
    sees of them."""

    def count(model: Any) -> Any:
        rows = (
            model.objects.filter(district=OuterRef("pk"))  # across districts: one per row
            .order_by()
            .values("district")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), 0)

    return districts.annotate(
        school_count=count(School), educator_count=count(Educator), member_count=count(Membership)
    )


def school_year_from(district: District, value: object) -> SchoolYear | None:
    """The district's school year named by a query-string id (None for none, a malformed
    id or another district's)."""
    if not value:
        return None
    try:
        return SchoolYear.objects.for_district(district).filter(pk=str(value)).first()
    except (ValueError, ValidationError):
        return None
