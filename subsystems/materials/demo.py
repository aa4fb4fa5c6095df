"""Demo materials: an adopted curriculum with its units' pacing, and intervention groups."""

from datetime import timedelta

from districts.models import Position
from pl_hours.rules import monday
from subsystems.models import InterventionGroup, LedBy, Material, Unit

UNIT_TITLES = [
    "Place value",
    "Addition and subtraction",
    "Multiplication",
    "Fractions",
    "Measurement",
    "Geometry",
]


def seed(ctx) -> None:
    district, rng, year = ctx.district, ctx.rng, ctx.school_year
    material = Material.objects.create(
        district=district,
        name="Open Up Math K–5",
        publisher="An open curriculum",
        grade_band="K–5",
        year_adopted=year.start_date.year - 1,
    )
    units = []
    for grade in ["K", "1", "2", "3", "4", "5"]:
        start = monday(year.start_date)
        for number, title in enumerate(UNIT_TITLES, start=1):
            units.append(
                Unit(
                    district=district,
                    material=material,
                    grade=grade,
                    number=number,
                    title=title,
                    planned_start=start,
                    planned_end=start + timedelta(weeks=5),
                )
            )
            start += timedelta(weeks=6)
    Unit.objects.bulk_create(units)

    groups = []
    interventionists = {
        e.school_id: e for e in ctx.educators if e.position == Position.INTERVENTIONIST
    }
    for index, school in enumerate(ctx.schools):
        for grade in ("3", "4", "5")[: 1 + index % 3]:
            led = LedBy.INTERVENTIONIST if rng.random() < 0.7 else LedBy.CLASSROOM_TEACHER
            groups.append(
                InterventionGroup(
                    district=district,
                    school=school,
                    grade=grade,
                    name=f"Grade {grade} number sense",
                    led_by=led,
                    lead_educator=interventionists.get(school.pk),
                    student_count=rng.randint(4, 8),
                    minutes_per_week=rng.choice([60, 90, 120]),
                    uses_core_representations=rng.random() < 0.6,
                    collaboration_minutes_per_month=rng.choice([0, 0, 30, 60, 90]),
                )
            )
    InterventionGroup.objects.bulk_create(groups)
