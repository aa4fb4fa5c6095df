"""Writes of vision & leadership: the vision, objectives, key results, check-ins and
school goals; the measured check-ins the weekly job makes."""

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.bounds import key_result_bound
from districts.corrections import delete_with_history, restore_deleted
from districts.models import District, Priority, School, SchoolYear, User
from districts.selectors import school_year_for
from districts.services import (
    ensure_open_record,
    ensure_pl_date,
    ensure_same_district,
    replace_links,
)
from pl_hours.selectors import Year, year_in_view
from subsystems.models import (
    CheckIn,
    Direction,
    KeyResult,
    Objective,
    ObjectiveLevel,
    SchoolGoal,
    SchoolGoalPriority,
    Vision,
)
from subsystems.plan import measures
from subsystems.plan.rules import direction_problem, measured_confidence, progress


@transaction.atomic
def vision_save(*, district: District, statement: str) -> Vision:
    vision, _ = Vision.objects.for_district(district).get_or_create(
        district=district, defaults={"statement": statement}
    )
    vision.statement = statement
    vision.full_clean()
    vision.save()
    return vision


@transaction.atomic
def objective_save(
    *,
    district: District,
    objective: Objective | None = None,
    title: str,
    priority: Priority,
    level: str = ObjectiveLevel.DISTRICT,
    school: School | None = None,
    description: str = "",
    owner: User | None = None,
    active: bool = True,
    school_year: SchoolYear | None = None,
) -> Objective:
    """Save an objective; a new one belongs to the school year going on (or the next)
    unless ``school_year`` says otherwise."""
    ensure_same_district(district, objective, priority, school, school_year)
    errors = {}
    if level == ObjectiveLevel.SCHOOL and school is None:
        errors["school"] = ["Choose the school for a school objective."]
    if level == ObjectiveLevel.DISTRICT:
        school = None
    if owner is not None and not owner.memberships.filter(district=district).exists():
        errors["owner"] = [f"{owner} is not a member of {district.name}."]
    if errors:
        raise ValidationError(errors)
    objective = objective or Objective(district=district)
    objective.title, objective.description, objective.level = title, description, level
    objective.school, objective.priority, objective.owner = school, priority, owner
    objective.active = active
    if school_year is not None:
        objective.school_year = school_year
    elif objective.school_year_id is None:
        objective.school_year = school_year_for(district, district.today())
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def key_result_save(
    *,
    district: District,
    key_result: KeyResult | None = None,
    objective: Objective,
    title: str,
    baseline: Decimal,
    target: Decimal,
    due_date: date,
    unit: str = "",
    direction: str = Direction.INCREASE,
    measure: str = "",
) -> KeyResult:
    ensure_same_district(district, key_result, objective)
    bound = key_result_bound(unit)
    out_of_bounds = {
        name: [bound.message]
        for name, value in (("baseline", baseline), ("target", target))
        if not bound.contains(value)
    }
    if out_of_bounds:
        raise ValidationError(out_of_bounds)
    problem = direction_problem(direction, Decimal(baseline), Decimal(target))
    if problem:
        raise ValidationError({"target": [problem]})
    if measure and measure not in measures.MEASURES:
        raise ValidationError({"measure": [f"“{measure}” is not a figure the system knows."]})
    key_result = key_result or KeyResult(district=district)
    key_result.objective, key_result.title = objective, title
    key_result.baseline, key_result.target, key_result.unit = baseline, target, unit
    key_result.direction, key_result.due_date, key_result.measure = direction, due_date, measure
    key_result.full_clean()
    key_result.save()
    return key_result


@transaction.atomic
def check_in_record(
    *,
    district: District,
    check_in: CheckIn | None = None,
    key_result: KeyResult,
    date: date,
    value: Decimal,
    confidence: str,
    note: str = "",
    recorded_by: User | None = None,
    measured: bool | None = None,
) -> CheckIn:
    """Record a check-in, or correct one (``check_in``): the value must be what the key
    result's unit allows, the date one that has come and is in a school year. A correction
    keeps whether the system measured it unless told."""
    ensure_same_district(district, check_in, key_result)
    ensure_pl_date(district, date)
    if check_in is not None:
        ensure_open_record(check_in, district=district)
    bound = key_result_bound(key_result.unit)
    if not bound.contains(value):
        raise ValidationError({"value": [bound.message]})
    check_in = check_in or CheckIn(district=district, recorded_by=recorded_by)
    check_in.key_result, check_in.date, check_in.value = key_result, date, value
    check_in.confidence, check_in.note = confidence, note
    if measured is not None:
        check_in.measured = measured
    check_in.full_clean()
    check_in.save()
    return check_in


@transaction.atomic
def check_in_delete(*, district: District, check_in: CheckIn) -> None:
    ensure_same_district(district, check_in)
    delete_with_history(check_in)


@transaction.atomic
def check_in_restore(*, district: District, check_in_id: uuid.UUID) -> CheckIn:
    return restore_deleted(CheckIn, district=district, pk=check_in_id)


MEASURED_NOTE = "Checked in automatically from the system's figures."


def measure_now(*, district: District, key_result: KeyResult, year: Year | None = None) -> bool:
    """Check a measured key result in with its figure as of today (replacing today's
    measured check-in, if any); False when the figure has no value yet."""
    year = year or year_in_view(district)
    if year is None or not key_result.measure:
        return False
    value = measures.value_of(key_result.measure, district, key_result.objective.school, year)
    if value is None:
        return False
    share = progress(key_result.baseline, key_result.target, value)
    # Key results are the year's: progress should keep pace with the school year.
    confidence = measured_confidence(
        share, year.school_year.start_date, key_result.due_date, year.today
    )
    today_s = (
        CheckIn.objects.for_district(district)
        .filter(key_result=key_result, date=year.today, measured=True)
        .first()
    )
    check_in_record(
        district=district,
        check_in=today_s,
        key_result=key_result,
        date=year.today,
        value=value,
        confidence=confidence,
        measured=True,
        note=MEASURED_NOTE,
    )
    return True


def measured_check_ins(*, district: District, today: date | None = None) -> int:
    """Check in every measured key result with its current value (one per day, replaced)."""
    year = year_in_view(district, today=today)
    if year is None:
        return 0
    results = (
        KeyResult.objects.for_district(district)
        .exclude(measure="")
        .filter(objective__active=True)
        .select_related("objective", "objective__school")
    )
    count = 0
    for key_result in results:
        with transaction.atomic():
            count += measure_now(district=district, key_result=key_result, year=year)
    return count


@transaction.atomic
def school_goal_save(
    *,
    district: District,
    goal: SchoolGoal | None = None,
    school: School,
    title: str,
    description: str = "",
    priorities: Iterable[Priority] = (),
) -> SchoolGoal:
    chosen = list(priorities)
    ensure_same_district(district, goal, school, *chosen)
    goal = goal or SchoolGoal(district=district)
    goal.school, goal.title, goal.description = school, title, description
    goal.full_clean()
    goal.save()
    replace_links(
        SchoolGoalPriority,
        district=district,
        parent={"goal": goal},
        links=({"priority_id": p.pk} for p in chosen),
        key="priority_id",
    )
    return goal
