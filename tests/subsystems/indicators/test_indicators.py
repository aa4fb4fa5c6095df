from datetime import date
from decimal import Decimal

import pytest

from subsystems import indicators
from subsystems.models import IndicatorGoal
from tests.factories import SchoolYearFactory

D = Decimal

WINDOW = indicators.Window(start=date(2026, 8, 17), end=date(2026, 11, 24))


def result(evaluated, school_id, key):
    for cell in evaluated[school_id]:
        for r in cell.results:
            if r.indicator.key == key:
                return r
    raise KeyError(key)


@pytest.mark.django_db
def test_indicators_by_hand(world):
    a = world.a
    evaluated = indicators.evaluate(a.district, WINDOW, [a.school, a.other_school])
    school = a.school.pk
    # PLC: one 45-minute meeting with 35 planning minutes that analysed student work.
    assert result(evaluated, school, "plc_planning_share").value == D("77.8")
    assert result(evaluated, school, "plc_student_work_or_rehearsal").value == D("100.0")
    # School leadership: one visit (the calibration record does not count twice), co-observed,
    # feedback not shared.
    assert result(evaluated, school, "walkthroughs_co_observed").value == D("100.0")
    # One math visit by the school's one leader in 100 days (3.29 months): 0.3 a month.
    assert result(evaluated, school, "walkthroughs_per_leader_month").value == D("0.3")
    feedback = result(evaluated, school, "walkthroughs_feedback")
    assert (feedback.value, feedback.status, feedback.distance) == (D("0.0"), "gap", D("90"))
    # Coaching: teacher in a cycle; teacher2 not: 1 of 2 math teachers at the school.
    assert result(evaluated, school, "coaching_coverage").value == D("50.0")
    # Pull-out PD: 90 minutes, 60 of them planning → 66.7 % meaningful; no priority.
    assert result(evaluated, school, "pd_meaningful_share").value == D("66.7")
    assert result(evaluated, school, "pd_tied_to_priority").value == D("0.0")
    # Vision: the school's one goal is linked to a priority.
    assert result(evaluated, school, "school_goals_aligned").status == "met"
    # Materials: one group led by an interventionist with 60 collaboration minutes.
    assert result(evaluated, school, "intervention_connected").value == D("100.0")
    assert result(evaluated, school, "intervention_core_representations").value == D("100.0")
    # The other school has no activity at all.
    assert result(evaluated, a.other_school.pk, "plc_planning_share").status == "no_data"


@pytest.mark.django_db
def test_pd_indicators_equal_the_ledger(world):
    """The PD indicators read attendance, not the ledger, yet give the ledger's exact minutes:
    a partial attendee's split is scaled by the same largest-remainder rule, and sessions
    outside the window, not math-specific or under a retired priority count as the
    ledger counts them."""
    from django.db.models import Count, Q, Sum

    from districts.models import Priority
    from pl_hours.models import LedgerEntry, SourceKind
    from subsystems.pd.services import pd_attendance_set, pd_session_save
    from tests.builders import split
    from tests.factories import PriorityFactory

    a = world.a
    priority = Priority.objects.for_district(a.district).get(active=True)
    session = pd_session_save(
        district=a.district,
        title="Fractions institute",
        date=date(2026, 10, 5),
        format="half_day",
        minutes=150,
        priority=priority,
        split=split(log=20, pac=13, surf=30, unf=17, plan=70),
    )
    teacher, teacher2 = a.teacher.educator, a.teacher2.educator
    # 32 of 150 minutes: planning's exact share, 14.93, has the largest remainder → 15.
    pd_attendance_set(
        district=a.district,
        session=session,
        # The coach belongs to no school: their minutes count for no school's figures.
        attendance={
            teacher.pk: 97,
            teacher2.pk: 32,
            a.other_teacher.pk: None,
            a.coach.educator.pk: 50,
        },
    )
    retired = PriorityFactory(district=a.district, title="Retired priority", active=False)
    general = pd_session_save(
        district=a.district,
        title="Classroom management",
        date=date(2026, 10, 12),
        format="after_school",
        minutes=40,
        math_specific=False,
        priority=retired,
        split=split(surf=10, plan=30),
    )
    pd_attendance_set(district=a.district, session=general, attendance={teacher.pk: None})
    SchoolYearFactory(  # the summer before this year counts toward it
        district=a.district,
        name="2025–26",
        start_date=date(2025, 8, 18),
        end_date=date(2026, 6, 12),
    )
    summer = pd_session_save(
        district=a.district,
        title="Summer institute",
        date=date(2026, 7, 20),
        format="summer_institute",
        minutes=300,
        split=split(plan=300),
    )
    pd_attendance_set(district=a.district, session=summer, attendance={teacher.pk: None})
    evaluated = indicators.evaluate(a.district, WINDOW, [a.school, a.other_school])
    for school in (a.school, a.other_school):
        ledger = LedgerEntry.objects.filter(
            district=a.district,
            source_kind=SourceKind.PD_SESSION,
            educator__school=school,
            date__range=(WINDOW.start, WINDOW.end),
        ).aggregate(
            total=Sum("minutes"),
            meaningful=Sum(
                "minutes", filter=Q(math_specific=True, category="instructional_planning")
            ),
            sessions=Count("source_id", distinct=True),
            tied=Count("source_id", distinct=True, filter=Q(priority__active=True)),
        )
        share = result(evaluated, school.pk, "pd_meaningful_share").ratio
        tied = result(evaluated, school.pk, "pd_tied_to_priority").ratio
        assert (share.numerator, share.denominator) == (ledger["meaningful"], ledger["total"])
        assert (tied.numerator, tied.denominator) == (ledger["tied"], ledger["sessions"])
    # By hand for the school: the first session (90 min, 60 planning), then 97 and 32 of
    # 150 minutes: 45 and 15 planning minutes; 40 minutes that are not math-specific, so not
    # meaningful, under a retired priority, so not tied; the summer is outside the window.
    share = result(evaluated, a.school.pk, "pd_meaningful_share").ratio
    assert (share.numerator, share.denominator) == (60 + 45 + 15, 90 + 97 + 32 + 40)
    tied = result(evaluated, a.school.pk, "pd_tied_to_priority").ratio
    assert (tied.numerator, tied.denominator) == (1, 3)


@pytest.mark.django_db
def test_indicators_take_the_districts_own_goals(world):
    IndicatorGoal.objects.create(district=world.a.district, key="walkthroughs_feedback", goal=D(0))
    evaluated = indicators.evaluate(world.a.district, WINDOW, [world.a.school])
    assert result(evaluated, world.a.school.pk, "walkthroughs_feedback").status == "met"


@pytest.mark.django_db
def test_indicators_never_read_another_district(world):
    evaluated = indicators.evaluate(world.a.district, WINDOW, [world.a.school])
    before = result(evaluated, world.a.school.pk, "plc_planning_share").ratio
    from plcs.services import plc_meeting_record
    from tests.builders import split

    plc_meeting_record(
        district=world.b.district,
        team=world.b.plc_team,
        date=date(2026, 9, 15),
        minutes=60,
        split=split(log=60),
    )
    again = indicators.evaluate(world.a.district, WINDOW, [world.a.school])
    assert result(again, world.a.school.pk, "plc_planning_share").ratio == before


@pytest.mark.django_db
def test_a_new_empty_school_has_no_data_not_gaps(world):
    from tests.factories import EducatorFactory, SchoolFactory

    a = world.a
    empty = SchoolFactory(district=a.district, code="new-1", name="Brand New School")
    EducatorFactory(district=a.district, school=empty, email="t@new.example.org")
    EducatorFactory(
        district=a.district, school=empty, position="principal", email="p@new.example.org"
    )
    schools = [a.school, a.other_school, empty]
    evaluated = indicators.evaluate(a.district, WINDOW, schools)
    # Zero of its one teacher in a cycle and zero walkthroughs by its principal: nothing
    # recorded yet, so it is not among the gaps, though the others' gaps still are.
    gaps = indicators.biggest_gaps(evaluated, schools)
    assert gaps and all(school != empty for school, _ in gaps)
