"""Build a tenant's records through the real services, for tests that need some of each."""

from datetime import date, timedelta

from coaching.services import coach_week_save, coaching_cycle_save, coaching_session_record
from pl_hours.rules import CATEGORIES
from pl_hours.services import manual_entry_record, other_activity_save
from plcs.services import plc_meeting_record, plc_team_save
from subsystems.pd.services import pd_attendance_set, pd_session_save

LOG, PAC, SURF, UNF, PLAN = CATEGORIES


def split(log=0, pac=0, surf=0, unf=0, plan=0) -> dict[str, int]:
    return {LOG: log, PAC: pac, SURF: surf, UNF: unf, PLAN: plan}


def populate_activities(tenant, day: date = date(2026, 9, 14)):
    """One of every activity in the tenant, attached to it as attributes."""
    district = tenant.district
    teachers = [tenant.teacher.educator, tenant.teacher2.educator]
    tenant.plc_team = plc_team_save(
        district=district,
        school=tenant.school,
        name="Grade 3 team",
        grade_band="Grade 3",
        facilitator=tenant.coach.educator,
        members=teachers,
    )
    tenant.plc_meeting = plc_meeting_record(
        district=district,
        team=tenant.plc_team,
        date=day,
        minutes=45,
        split=split(log=10, plan=35),
        analysed_student_work=True,
    )
    tenant.pd_session = pd_session_save(
        district=district,
        title="Number talks",
        date=day,
        format="after_school",
        minutes=90,
        split=split(surf=30, plan=60),
    )
    pd_attendance_set(
        district=district, session=tenant.pd_session, attendance={teachers[0].pk: None}
    )
    tenant.other_activity = other_activity_save(
        district=district,
        kind="staff_meeting",
        title="September staff meeting",
        date=day,
        minutes=30,
        math_specific=False,
        priority=None,
        school=tenant.school,
        split=split(log=30),
        attendance={teachers[0].pk: None},
    )
    tenant.manual_entry = manual_entry_record(
        district=district,
        educator=teachers[0],
        date=day,
        description="State math conference",
        minutes=120,
        category=PLAN,
        math_specific=True,
        priority=None,
        recorded_by=None,
    )
    tenant.coaching_cycle = coaching_cycle_save(
        district=district,
        coach=tenant.coach.educator,
        school=tenant.school,
        teachers=[teachers[0]],
        focus=None,
        goal="Students explain their reasoning in whole-class discussion.",
        start_date=day,
        end_date=day + timedelta(weeks=6),
    )
    tenant.coaching_session = coaching_session_record(
        district=district,
        cycle=tenant.coaching_cycle,
        date=day,
        kind="planning",
        minutes=40,
        notes="Planned the launch of lesson 4 together.",
    )
    tenant.coach_week = coach_week_save(
        district=district,
        coach=tenant.coach.educator,
        week_start=day,
        plc_facilitation=90,
        administrative=60,
    )
    populate_walkthroughs(tenant, day)
    populate_plan(tenant, day)
    return tenant


def populate_plan(tenant, day: date = date(2026, 9, 14)):
    """The vision, an objective with a key result and a check-in, a school goal,
    materials with a unit, an intervention group."""
    from decimal import Decimal

    from districts.models import Priority
    from subsystems.materials import services as materials
    from subsystems.plan import services

    district = tenant.district
    priority = Priority.objects.for_district(district).first()
    services.vision_save(district=district, statement="Every student reasons mathematically.")
    tenant.objective = services.objective_save(
        district=district,
        title="More meaningful PL",
        priority=priority,
        owner=tenant.admin.user,
    )
    tenant.key_result = services.key_result_save(
        district=district,
        objective=tenant.objective,
        title="Meaningful hours per teacher",
        baseline=Decimal("5"),
        target=Decimal("25"),
        unit="hours",
        due_date=date(2027, 6, 1),
        measure="mean_meaningful_hours",
    )
    tenant.check_in = services.check_in_record(
        district=district,
        key_result=tenant.key_result,
        date=day,
        value=Decimal("8"),
        confidence="at_risk",
        note="Slow start.",
    )
    tenant.school_goal = services.school_goal_save(
        district=district,
        school=tenant.school,
        title="Students explain their thinking",
        priorities=[priority],
    )
    tenant.material = materials.material_save(
        district=district,
        name="Open Math K–5",
        publisher="Open Publisher",
        grade_band="K–5",
        year_adopted=2024,
    )
    tenant.unit = materials.unit_save(
        district=district,
        material=tenant.material,
        grade="3",
        number=4,
        title="Area",
        planned_start=day,
        planned_end=day + timedelta(weeks=4),
    )
    tenant.intervention_group = materials.intervention_group_save(
        district=district,
        school=tenant.school,
        grade="3",
        name="Grade 3 place value",
        led_by="interventionist",
        student_count=6,
        minutes_per_week=90,
        uses_core_representations=True,
        collaboration_minutes_per_month=60,
    )
    return tenant


def populate_walkthroughs(tenant, day: date = date(2026, 9, 14)):
    """A form of three look-fors; the principal's walkthrough with the coach, and the
    coach's calibration of the same visit."""
    from districts.models import Priority
    from subsystems.leadership.services import (
        look_for_save,
        look_for_set_save,
        walkthrough_record,
    )

    district = tenant.district
    priority = Priority.objects.for_district(district).first()
    tenant.look_for_set = look_for_set_save(district=district, name="Math teaching practices")
    tenant.look_fors = [
        look_for_save(
            district=district,
            look_for_set=tenant.look_for_set,
            title=title,
            priority=priority,
            order=n,
        )
        for n, title in enumerate(["Goals are posted", "Students explain", "Tasks build reasoning"])
    ]
    goals, explain, tasks = (lf.pk for lf in tenant.look_fors)
    tenant.walkthrough = walkthrough_record(
        district=district,
        school=tenant.school,
        observer=tenant.principal.educator,
        teacher=tenant.teacher.educator,
        co_observer=tenant.coach.educator,
        look_for_set=tenant.look_for_set,
        date=day,
        notes="Strong launch; pacing rushed.",
        ratings={
            goals: "evident",
            explain: ("emerging", "Two students explained."),
            tasks: "evident",
        },
    )
    tenant.calibration = walkthrough_record(
        district=district,
        school=tenant.school,
        observer=tenant.coach.educator,
        teacher=tenant.teacher.educator,
        look_for_set=tenant.look_for_set,
        date=day,
        same_visit_as=tenant.walkthrough,
        ratings={goals: "evident", explain: "evident", tasks: "evident"},
    )
    return tenant


ROLE_ORDER = ("admin", "principal", "coach", "teacher", "viewer")


def expect(admin, principal, coach, teacher, viewer) -> dict[str, int]:
    """The status each role should get, in the cast's order."""
    return dict(zip(ROLE_ORDER, (admin, principal, coach, teacher, viewer), strict=True))
