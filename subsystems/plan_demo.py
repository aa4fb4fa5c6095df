"""Demo vision, objectives and key results (some measured), school goals, materials, groups."""

from datetime import timedelta
from decimal import Decimal

from districts.models import Position
from pl_hours.rules import monday
from subsystems.models import (
    CheckIn,
    Confidence,
    InterventionGroup,
    KeyResult,
    LedBy,
    Material,
    Objective,
    ObjectiveLevel,
    SchoolGoal,
    SchoolGoalPriority,
    Unit,
    Vision,
)
from subsystems.services import measured_check_ins

VISION = (
    "Every student in the district makes sense of mathematics: they reason, explain and "
    "justify, use the same representations from grade to grade, and work on grade-level tasks "
    "every day. Teachers plan those lessons together, with time and support that are about "
    "instruction."
)

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
    Vision.objects.create(district=district, statement=VISION)
    first = ctx.priorities[0]
    objectives = [
        Objective(
            district=district,
            title="Teachers get meaningful math PL all year",
            priority=ctx.priorities[2 % len(ctx.priorities)],
        ),
        Objective(district=district, title="PLC time goes to planning lessons", priority=first),
        Objective(
            district=district, title="Leaders see math instruction every week", priority=first
        ),
    ]
    Objective.objects.bulk_create(objectives)
    due = year.end_date
    krs = [
        KeyResult(
            district=district,
            objective=objectives[0],
            title="Meaningful PL hours per teacher",
            baseline=Decimal("4.9"),
            target=Decimal("49"),
            unit="hours",
            due_date=due,
            measure="mean_meaningful_hours",
        ),
        KeyResult(
            district=district,
            objective=objectives[0],
            title="Math teachers in a coaching cycle",
            baseline=Decimal(5),
            target=Decimal(30),
            unit="%",
            due_date=due,
            measure="coaching_coverage",
        ),
        KeyResult(
            district=district,
            objective=objectives[1],
            title="PLC minutes on instructional planning",
            baseline=Decimal(24),
            target=Decimal(50),
            unit="%",
            due_date=due,
            measure="plc_planning_share",
        ),
        KeyResult(
            district=district,
            objective=objectives[2],
            title="Math walkthroughs per leader per month",
            baseline=Decimal(1),
            target=Decimal(4),
            unit="per month",
            due_date=due,
            measure="walkthroughs_per_leader_month",
        ),
        KeyResult(
            district=district,
            objective=objectives[2],
            title="Walkthroughs followed by feedback",
            baseline=Decimal(50),
            target=Decimal(90),
            unit="%",
            due_date=due,
        ),
    ]
    KeyResult.objects.bulk_create(krs)
    # A few manual check-ins on the hand-tracked key result, a month apart.
    day, value = monday(year.start_date) + timedelta(weeks=4), Decimal(55)
    check_ins = []
    while day <= ctx.today:
        value += rng.randint(2, 9)
        check_ins.append(
            CheckIn(
                district=district,
                key_result=krs[4],
                date=day,
                value=value,
                confidence=Confidence.AT_RISK if value < 75 else Confidence.ON_TRACK,
                note="From the walkthrough log.",
            )
        )
        day += timedelta(weeks=4)
    CheckIn.objects.bulk_create(check_ins)

    goals, links = [], []
    for index, school in enumerate(ctx.schools):
        for n, title in enumerate(
            [
                "Students explain their reasoning in every math lesson",
                "Improve attendance at family math night",
            ][: 1 + index % 2]
        ):
            goal = SchoolGoal(district=district, school=school, title=title)
            goals.append(goal)
            if n == 0:
                links.append(SchoolGoalPriority(district=district, goal=goal, priority=first))
        if index % 4 == 0:
            school_objective = Objective(
                district=district,
                title=f"{school.name}: PLCs plan the next unit together",
                level=ObjectiveLevel.SCHOOL,
                school=school,
                priority=first,
            )
            school_objective.save()
            KeyResult.objects.create(
                district=district,
                objective=school_objective,
                title="PLC minutes on instructional planning",
                baseline=Decimal(20),
                target=Decimal(50),
                unit="%",
                due_date=due,
                measure="plc_planning_share",
            )
    SchoolGoal.objects.bulk_create(goals)
    SchoolGoalPriority.objects.bulk_create(links)

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


def finish(ctx) -> None:
    """After the rollups: the measured key results check themselves in."""
    measured_check_ins(district=ctx.district, today=ctx.today)
