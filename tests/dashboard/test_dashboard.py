"""The alignment dashboard: indicators by hand, roles, filters, partials, constant queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pl_hours.rollups import rollups_recompute
from subsystems import indicators
from subsystems.models import IndicatorGoal
from tests.builders import expect, populate_activities

D = Decimal
WINDOW = indicators.Window(start=date(2026, 8, 17), end=date(2026, 11, 24))


@pytest.fixture
def world(cast):
    for tenant in (cast.a, cast.b):
        populate_activities(tenant)
        rollups_recompute(district=tenant.district)
    return cast


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


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
def test_dashboard_by_role(world, client):
    url = page("dashboard", world.a)
    schools = (world.a.school.name, world.a.other_school.name)
    for role, status in expect(200, 200, 200, 200, 200).items():
        client.force_login(world.a.member(role).user)
        response = client.get(url)
        assert response.status_code == status
        body = response.content.decode()
        rows = [name for name in schools if f">{name}</a>" in body or f">{name}</th>" in body]
        if role in ("admin", "viewer"):
            assert rows == list(schools), role
            # Each row and cell links to its own school's drill-down.
            school_url = page("school_dashboard", world.a, school_id=world.a.other_school.pk)
            assert f'href="{school_url}#plcs"' in body
        elif role in ("principal", "coach"):
            assert rows == [world.a.school.name], role  # their school, plus the district row
        else:
            assert rows == [], role
        assert "District (all schools)</th>" in body


@pytest.mark.django_db
def test_school_drill_down_by_role(world, client):
    mine = page("school_dashboard", world.a, school_id=world.a.school.pk)
    other = page("school_dashboard", world.a, school_id=world.a.other_school.pk)
    for role, status in expect(200, 200, 200, 403, 200).items():
        client.force_login(world.a.member(role).user)
        assert client.get(mine).status_code == status, role
    for role, status in expect(200, 403, 403, 403, 200).items():
        client.force_login(world.a.member(role).user)
        assert client.get(other).status_code == status, role
    client.force_login(world.a.viewer.user)
    assert "the records" not in client.get(mine).content.decode()  # aggregates only


@pytest.mark.django_db
def test_filters_are_in_the_url_and_htmx_gets_the_partial(world, client_for):
    client = client_for(world.a.admin)
    url = page("dashboard", world.a)
    full = client.get(url, {"window": "30", "school": world.a.school.pk})
    body = full.content.decode()
    assert "<html" in body and f'value="{world.a.school.pk}" selected' in body
    assert world.a.other_school.name + "</a>" not in body
    partial = client.get(url, {"window": "30"}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<html" not in text and 'id="dashboard-body"' in text
    assert "HX-Request" in partial["Vary"]
    heatmap = client.get(url, {"partial": "heatmap"}).content.decode()
    assert heatmap.lstrip().startswith('<section aria-labelledby="heatmap-h"')


@pytest.mark.django_db
def test_bad_filter_values_are_ignored(world, client_for):
    client = client_for(world.a.admin)
    response = client.get(
        page("dashboard", world.a),
        {"school": str(world.b.school.pk), "window": "forever", "year": "x"},
    )
    assert response.status_code == 200
    assert world.b.school.name not in response.content.decode()


def add_school_with_activity(tenant, n):
    from districts.models import Position
    from pl_hours.services import other_activity_save
    from tests.builders import split
    from tests.factories import EducatorFactory, SchoolFactory

    for i in range(n):
        school = SchoolFactory(district=tenant.district, code=f"X{i}")
        teachers = [
            EducatorFactory(district=tenant.district, school=school, position=Position.TEACHER)
            for _ in range(3)
        ]
        other_activity_save(
            district=tenant.district,
            kind="curriculum_session",
            title="X",
            date=date(2026, 9, 21),
            minutes=60,
            math_specific=True,
            priority=None,
            school=school,
            split=split(plan=60),
            attendance=dict.fromkeys((t.pk for t in teachers), None),
        )
    rollups_recompute(district=tenant.district)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "school_dashboard"])
def test_query_counts_do_not_grow_with_schools(world, client_for, name):
    client = client_for(world.a.admin)
    kwargs = {"school_id": world.a.school.pk} if name == "school_dashboard" else {}
    url = page(name, world.a, **kwargs)
    before = queries(client, url)
    add_school_with_activity(world.a, 5)
    assert queries(client, url) == before


@pytest.mark.django_db
def test_admins_change_indicator_goals(world, client_for):
    client = client_for(world.a.admin)
    url = page("indicator_goals", world.a)
    data = {key: str(ind.default_goal) for key, ind in indicators.REGISTRY.items()}
    bad = client.post(url, {**data, "plc_planning_share": "150"})
    assert bad.status_code == 400 and "from 0 to 100" in bad.content.decode()
    assert not IndicatorGoal.objects.exists()
    ok = client.post(url, {**data, "plc_planning_share": "40"})
    assert ok.status_code == 302
    assert indicators.goals_for(world.a.district)["plc_planning_share"] == D(40)
    assert indicators.goals_for(world.b.district)["plc_planning_share"] == D(50)


@pytest.mark.django_db
def test_heatmap_escapes_school_names(world, client_for):
    school = world.a.other_school
    school.name = '<b>Lincoln</b> "Ridge" & Co'
    school.save()
    body = client_for(world.a.admin).get(page("dashboard", world.a) + "?partial=heatmap")
    html = body.content.decode()
    escaped = "&lt;b&gt;Lincoln&lt;/b&gt; &quot;Ridge&quot; &amp; Co"
    assert "<b>Lincoln" not in html
    assert f">{escaped}</a></th>" in html  # the row header's link
    assert f'aria-label="{escaped}, PLCs: ' in html  # each cell's spoken label
