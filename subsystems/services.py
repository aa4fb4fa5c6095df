from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import District, Educator, Position, Priority, School, User
from districts.services import ensure_same_district
from pl_hours.models import SPLIT_FIELDS, SourceKind
from pl_hours.services import (
    check_same_district,
    check_split,
    ledger_regenerate_for,
    ledger_remove_for,
    source_of,
)
from subsystems.models import (
    LEADER_OR_COACH,
    CheckIn,
    Direction,
    IndicatorGoal,
    InterventionGroup,
    KeyResult,
    LookFor,
    LookForSet,
    Material,
    Objective,
    ObjectiveLevel,
    PDAttendance,
    PDSession,
    Rating,
    SchoolGoal,
    SchoolGoalPriority,
    Unit,
    Vision,
    Walkthrough,
    WalkthroughRating,
)


def _regenerate(district: District, session: PDSession) -> None:
    ledger_regenerate_for(
        district=district,
        source=source_of(session, kind=SourceKind.PD_SESSION, title=session.title),
        attendance=PDAttendance.objects.filter(session=session).values_list(
            "educator_id", "attended_minutes"
        ),
    )


@transaction.atomic
def pd_session_save(
    *,
    district: District,
    session: PDSession | None = None,
    title: str,
    date: date,
    format: str,
    minutes: int,
    math_specific: bool = True,
    priority: Priority | None = None,
    school: School | None = None,
    models_practices: bool = False,
    description: str = "",
    split: dict[str, int],
) -> PDSession:
    """Save a PD session; attendees' ledger rows follow any change of time or split."""
    ensure_same_district(district, session, priority, school)
    check_split(split, minutes)
    if session is not None and session.pk:
        longest = max(
            PDAttendance.objects.filter(session=session).values_list("attended_minutes", flat=True),
            default=0,
        )
        if longest > minutes:
            raise ValidationError(
                {"minutes": [f"Someone attended {longest} minutes; the session cannot be shorter."]}
            )
    session = session or PDSession(district=district)
    session.title, session.date, session.format = title, date, format
    session.minutes, session.math_specific, session.priority = minutes, math_specific, priority
    session.school, session.models_practices = school, models_practices
    session.description = description
    for category, field in SPLIT_FIELDS.items():
        setattr(session, field, split.get(category) or 0)
    session.full_clean()
    session.save()
    _regenerate(district, session)
    return session


@transaction.atomic
def pd_attendance_set(
    *,
    district: District,
    session: PDSession,
    attendance: dict,
    within_school_ids: list | None = None,
) -> int:
    """Replace who attended (educator id → minutes; None for the whole session).

    With ``within_school_ids``, only attendance of educators in those schools
    is replaced (a principal records their own staff and leaves the rest).
    Returns the number of attendees.
    """
    ensure_same_district(district, session)
    cleaned = {}
    for educator_id, minutes in attendance.items():
        minutes = session.minutes if minutes in (None, "") else int(minutes)
        if not 0 < minutes <= session.minutes:
            raise ValidationError(
                {"attendance": [f"Attended minutes must be between 1 and {session.minutes}."]}
            )
        cleaned[educator_id] = minutes
    check_same_district(district, cleaned)
    replaced = PDAttendance.objects.filter(session=session)
    if within_school_ids is not None:
        replaced = replaced.filter(educator__school__in=within_school_ids)
        outside = (
            Educator.objects.for_district(district)
            .filter(pk__in=cleaned)
            .exclude(school__in=within_school_ids)
        )
        if outside.exists():
            raise ValidationError("You can record attendance for your own schools' staff only.")
    replaced.delete()
    PDAttendance.objects.bulk_create(
        [
            PDAttendance(district=district, session=session, educator_id=e, attended_minutes=m)
            for e, m in cleaned.items()
        ]
    )
    _regenerate(district, session)
    return PDAttendance.objects.filter(session=session).count()


@transaction.atomic
def pd_session_delete(*, district: District, session: PDSession) -> None:
    ensure_same_district(district, session)
    ledger_remove_for(district=district, kind=SourceKind.PD_SESSION, source_id=session.pk)
    session.delete()


# --- School leadership: look-fors and walkthroughs ---------------------------------------


@transaction.atomic
def look_for_set_save(
    *,
    district: District,
    look_for_set: LookForSet | None = None,
    name: str,
    description: str = "",
    active: bool = True,
    order: int = 0,
) -> LookForSet:
    ensure_same_district(district, look_for_set)
    look_for_set = look_for_set or LookForSet(district=district)
    look_for_set.name, look_for_set.description = name, description
    look_for_set.active, look_for_set.order = active, order
    look_for_set.full_clean()
    look_for_set.save()
    return look_for_set


@transaction.atomic
def look_for_save(
    *,
    district: District,
    look_for: LookFor | None = None,
    look_for_set: LookForSet,
    title: str,
    description: str = "",
    priority: Priority | None = None,
    order: int = 0,
    active: bool = True,
) -> LookFor:
    ensure_same_district(district, look_for, look_for_set, priority)
    look_for = look_for or LookFor(district=district)
    look_for.look_for_set, look_for.title, look_for.description = look_for_set, title, description
    look_for.priority, look_for.order, look_for.active = priority, order, active
    look_for.full_clean()
    look_for.save()
    return look_for


@transaction.atomic
def walkthrough_record(
    *,
    district: District,
    walkthrough: Walkthrough | None = None,
    school: School,
    observer: Educator,
    look_for_set: LookForSet,
    date: date,
    ratings: dict,
    teacher: Educator | None = None,
    duration_minutes: int = 15,
    math_specific: bool = True,
    co_observer: Educator | None = None,
    same_visit_as: Walkthrough | None = None,
    notes: str = "",
    feedback_shared: bool = False,
    feedback_date: date | None = None,
    feedback_note: str = "",
    recorded_by: User | None = None,
) -> Walkthrough:
    """Save a walkthrough with one rating per look-for of its form.

    ``ratings`` maps a look-for id to a rating, or to (rating, evidence).
    """
    ensure_same_district(
        district, walkthrough, school, observer, look_for_set, teacher, co_observer, same_visit_as
    )
    errors: dict[str, list[str]] = defaultdict(list)
    if observer.position not in LEADER_OR_COACH:
        errors["observer"].append(f"{observer} is not a school leader or coach on the roster.")
    if teacher is not None and teacher.school_id != school.pk:
        errors["teacher"].append(f"{teacher} is not on {school}'s staff.")
    if co_observer is not None:
        if co_observer.position != Position.COACH:
            errors["co_observer"].append(f"{co_observer} is not a coach on the roster.")
        if co_observer.pk == observer.pk:
            errors["co_observer"].append("The co-observer cannot be the observer.")
    if not duration_minutes or duration_minutes < 1:
        errors["duration_minutes"].append("A visit lasts at least 1 minute.")
    if feedback_shared and feedback_date is None:
        errors["feedback_date"].append("Give the date the feedback was shared.")
    if feedback_date is not None and feedback_date < date:
        errors["feedback_date"].append("Feedback cannot be shared before the visit.")
    look_fors = {lf.pk: lf for lf in look_for_set.look_fors.filter(active=True)}
    unknown = set(ratings) - set(look_fors)
    if unknown:
        errors["ratings"].append("Some ratings are for look-fors that are not on this form.")
    cleaned = {}
    for pk in look_fors:
        value = ratings.get(pk, Rating.NOT_OBSERVED)
        rating, evidence = (value, "") if isinstance(value, str) else value
        if rating not in Rating.values:
            errors["ratings"].append(f"“{rating}” is not a rating.")
        cleaned[pk] = (rating, evidence or "")
    if errors:
        raise ValidationError(dict(errors))

    walkthrough = walkthrough or Walkthrough(district=district, recorded_by=recorded_by)
    walkthrough.school, walkthrough.observer, walkthrough.teacher = school, observer, teacher
    walkthrough.look_for_set, walkthrough.date = look_for_set, date
    walkthrough.duration_minutes, walkthrough.math_specific = duration_minutes, math_specific
    walkthrough.co_observer, walkthrough.same_visit_as = co_observer, same_visit_as
    walkthrough.notes = notes
    walkthrough.feedback_shared, walkthrough.feedback_date = feedback_shared, feedback_date
    walkthrough.feedback_note = feedback_note
    walkthrough.full_clean()
    walkthrough.save()
    WalkthroughRating.objects.filter(walkthrough=walkthrough).delete()
    WalkthroughRating.objects.bulk_create(
        WalkthroughRating(
            district=district,
            walkthrough=walkthrough,
            look_for_id=pk,
            rating=rating,
            evidence=evidence,
        )
        for pk, (rating, evidence) in cleaned.items()
    )
    return walkthrough


# --- Vision & leadership --------------------------------------------------------------------


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
) -> Objective:
    ensure_same_district(district, objective, priority, school)
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
    baseline,
    target,
    due_date: date,
    unit: str = "",
    direction: str = Direction.INCREASE,
    measure: str = "",
) -> KeyResult:
    from subsystems.measures import MEASURES
    from subsystems.rules import direction_problem

    ensure_same_district(district, key_result, objective)
    problem = direction_problem(direction, Decimal(baseline), Decimal(target))
    if problem:
        raise ValidationError({"target": [problem]})
    if measure and measure not in MEASURES:
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
    key_result: KeyResult,
    date: date,
    value,
    confidence: str,
    note: str = "",
    recorded_by: User | None = None,
    measured: bool = False,
) -> CheckIn:
    ensure_same_district(district, key_result)
    check_in = CheckIn(
        district=district,
        key_result=key_result,
        date=date,
        value=value,
        confidence=confidence,
        note=note,
        recorded_by=recorded_by,
        measured=measured,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


def measured_check_ins(*, district: District, today: date | None = None) -> int:
    """Check in every measured key result with its current value (one per day, replaced)."""
    from pl_hours.selectors import year_in_view
    from subsystems.measures import value_of
    from subsystems.rules import measured_confidence, progress

    year = year_in_view(district, today=today)
    if year is None:
        return 0
    today = year.today
    count = 0
    results = (
        KeyResult.objects.for_district(district)
        .exclude(measure="")
        .select_related("objective", "objective__school")
    )
    for key_result in results.filter(objective__active=True):
        value = value_of(key_result.measure, district, key_result.objective.school, year)
        if value is None:
            continue
        share = progress(key_result.baseline, key_result.target, value)
        # Key results are the year's: progress should keep pace with the school year.
        confidence = measured_confidence(
            share, year.school_year.start_date, key_result.due_date, today
        )
        with transaction.atomic():
            CheckIn.objects.for_district(district).filter(
                key_result=key_result, date=today, measured=True
            ).delete()
            check_in_record(
                district=district,
                key_result=key_result,
                date=today,
                value=value,
                confidence=confidence,
                measured=True,
                note="Checked in automatically from the system's figures.",
            )
        count += 1
    return count


@transaction.atomic
def school_goal_save(
    *,
    district: District,
    goal: SchoolGoal | None = None,
    school: School,
    title: str,
    description: str = "",
    priorities=(),
) -> SchoolGoal:
    priorities = list(priorities)
    ensure_same_district(district, goal, school, *priorities)
    goal = goal or SchoolGoal(district=district)
    goal.school, goal.title, goal.description = school, title, description
    goal.full_clean()
    goal.save()
    SchoolGoalPriority.objects.filter(goal=goal).delete()
    SchoolGoalPriority.objects.bulk_create(
        SchoolGoalPriority(district=district, goal=goal, priority=p) for p in priorities
    )
    return goal


# --- Materials & intervention ----------------------------------------------------------------


def _save_simple(district: District, instance, model, fields: dict, *related):
    ensure_same_district(district, instance, *related)
    instance = instance or model(district=district)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def material_save(*, district: District, material: Material | None = None, **fields) -> Material:
    return _save_simple(district, material, Material, fields)


@transaction.atomic
def unit_save(
    *, district: District, unit: Unit | None = None, material: Material, **fields
) -> Unit:
    start, end = fields.get("planned_start"), fields.get("planned_end")
    if start and end and end < start:
        raise ValidationError({"planned_end": ["The unit cannot end before it starts."]})
    if start:
        fields["planned_start"] = start - timedelta(days=start.weekday())
    if end:
        fields["planned_end"] = end - timedelta(days=end.weekday())
    return _save_simple(district, unit, Unit, {"material": material, **fields}, material)


@transaction.atomic
def intervention_group_save(
    *,
    district: District,
    group: InterventionGroup | None = None,
    school: School,
    lead_educator: Educator | None = None,
    **fields,
) -> InterventionGroup:
    if lead_educator is not None and lead_educator.school_id != school.pk:
        raise ValidationError({"lead_educator": [f"{lead_educator} is not on {school}'s staff."]})
    for name in ("student_count", "minutes_per_week", "collaboration_minutes_per_month"):
        value = fields.get(name)
        if value is not None and not isinstance(value, int):
            raise ValidationError({name: ["Enter a number (students are counted, never named)."]})
    return _save_simple(
        district,
        group,
        InterventionGroup,
        {"school": school, "lead_educator": lead_educator, **fields},
        school,
        lead_educator,
    )


# --- Alignment indicator goals ------------------------------------------------------------


@transaction.atomic
def indicator_goals_save(*, district: District, goals: dict[str, str]) -> dict[str, Decimal]:
    """Set the district's goal for every indicator, all or none.

    ``goals`` maps indicator keys to what was typed; any bad value raises a
    ValidationError naming that indicator, and nothing is saved.
    """
    from decimal import InvalidOperation

    from subsystems.indicators import REGISTRY

    cleaned, errors = {}, {}
    for key, indicator in REGISTRY.items():
        try:
            value = Decimal(str(goals.get(key, "")).strip())
            if value < 0 or (indicator.unit == "%" and value > 100):
                raise InvalidOperation
        except InvalidOperation:
            errors[key] = [
                "Enter a number from 0 to 100."
                if indicator.unit == "%"
                else "Enter a number of 0 or more."
            ]
            continue
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    for key, value in cleaned.items():
        IndicatorGoal.objects.for_district(district).update_or_create(
            district=district, key=key, defaults={"goal": value}
        )
    return cleaned
