"""Demo staff meetings and curriculum sessions per school; the rollups once all is seeded."""

from datetime import timedelta

from django.db import connection

from districts.models import DirtyWeek
from pl_hours.ledger import LedgerSource, ledger_regenerate_many
from pl_hours.models import OtherActivity, OtherAttendance, OtherKind
from pl_hours.rollups import rollups_recompute
from pl_hours.rules import default_split, monday


def seed(ctx) -> None:
    district, year = ctx.district, ctx.school_year
    activities, attendance, sources = [], [], []
    staff_by_school: dict = {}
    for educator in ctx.educators:
        staff_by_school.setdefault(educator.school_id, []).append(educator)
    for school in ctx.schools:
        staff = staff_by_school.get(school.pk, [])
        day = monday(year.start_date) + timedelta(weeks=2, days=2)
        number = 0
        while day <= min(ctx.today, year.end_date):
            number += 1
            is_curriculum = number % 3 == 0
            kind = OtherKind.CURRICULUM_SESSION if is_curriculum else OtherKind.STAFF_MEETING
            minutes = 60
            split = (
                {
                    "logistics": 10,
                    "pacing": 15,
                    "surface_strategies": 15,
                    "unfocused_talk": 0,
                    "instructional_planning": 20,
                }
                if is_curriculum
                else default_split("staff_meeting", minutes)
            )
            title = "Curriculum session" if is_curriculum else f"Staff meeting {number}"
            activity = OtherActivity(
                district=district,
                kind=kind,
                title=title,
                school=school,
                date=day,
                minutes=minutes,
                math_specific=is_curriculum,
                **{f"minutes_{c}": m for c, m in split.items()},
            )
            activities.append(activity)
            attendance += [
                OtherAttendance(
                    district=district, activity=activity, educator=e, attended_minutes=minutes
                )
                for e in staff
            ]
            sources.append(
                (
                    LedgerSource(
                        kind=kind,
                        id=activity.pk,
                        title=title,
                        date=day,
                        minutes=minutes,
                        split=split,
                        math_specific=is_curriculum,
                        priority_id=None,
                    ),
                    [(e.pk, minutes) for e in staff],
                )
            )
            day += timedelta(weeks=4)
    OtherActivity.objects.bulk_create(activities, batch_size=2000)
    OtherAttendance.objects.bulk_create(attendance, batch_size=5000)
    ledger_regenerate_many(district=district, activities=sources)


def finish(ctx) -> None:
    """Everything is in the ledger: compute the rollups now, so the demo opens complete."""
    analyze()
    rollups_recompute(district=ctx.district)
    analyze()
    DirtyWeek.objects.for_district(ctx.district).delete()


def analyze() -> None:
    """Bulk-loaded tables have no planner statistics until autovacuum gets to them, and
    PostgreSQL plans the ledger and indicator queries badly without them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
