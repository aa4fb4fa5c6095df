"""Demo vision, objectives and key results (some measured), school goals, materials, groups."""

from datetime import timedelta
from decimal import Decimal

from pl_hours.rules import monday
from subsystems.models import (
    CheckIn,
    Confidence,
    KeyResult,
    Objective,
    ObjectiveLevel,
    SchoolGoal,
    SchoolGoalPriority,
    Vision,
)
from subsystems.plan.services import measured_check_ins

VISION = (
    "Every student in the district makes sense of mathematics: they reason, explain and "
    "justify, use the same representations from grade to grade, and work on grade-level tasks "
    "every day. Teachers plan those lessons together, with time and support that are about "
    "instruction."
)


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


def finish(ctx) -> None:
    """After the rollups: the measured key results check themselves in."""
    measured_check_ins(district=ctx.district, today=ctx.today)
