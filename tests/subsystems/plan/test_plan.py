"""Objectives & key results, school goals, materials and intervention groups."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from subsystems.models import CheckIn, KeyResult
from subsystems.plan.rules import direction_problem, measured_confidence, progress
from subsystems.plan.services import key_result_save, measured_check_ins
from tests.builders import expect

D = Decimal


class TestProgress:
    def test_increase(self):
        # 5 → 25 hours, now 8: (8 − 5) / (25 − 5) = 0.15
        assert progress(D(5), D(25), D(8)) == D("0.15")

    def test_decrease(self):
        # 40 % → 10 % of students below grade level, now 31 %: (31 − 40) / (10 − 40) = 0.3
        assert progress(D(40), D(10), D(31)) == D("0.3")

    @pytest.mark.parametrize(
        ("baseline", "target", "current", "expected"),
        [(5, 25, 2, 0), (5, 25, 30, 1), (40, 10, 45, 0), (40, 10, 5, 1), (5, 25, 25, 1)],
    )
    def test_clamped_to_0_and_100_percent(self, baseline, target, current, expected):
        assert progress(D(baseline), D(target), D(current)) == D(expected)

    def test_nothing_to_measure(self):
        assert progress(D(5), D(25), None) is None

    def test_the_direction_must_match_the_target(self):
        assert direction_problem("increase", D(10), D(5))
        assert direction_problem("decrease", D(5), D(10))
        assert direction_problem("increase", D(5), D(5))
        assert direction_problem("decrease", D(10), D(5)) is None

    def test_measured_confidence_keeps_pace_with_time(self):
        start, due = date(2026, 9, 1), date(2027, 5, 29)  # 270 days
        halfway = date(2027, 1, 14)  # day 135: half the time has passed
        assert measured_confidence(D("0.5"), start, due, halfway) == "on_track"
        assert measured_confidence(D("0.3"), start, due, halfway) == "at_risk"
        assert measured_confidence(D("0.2"), start, due, halfway) == "off_track"


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_the_weekly_job_checks_in_measured_key_results(world):
    a = world.a
    plc_share = key_result_save(
        district=a.district,
        objective=a.objective,
        title="PLC time on planning",
        baseline=D(24),
        target=D(50),
        unit="%",
        due_date=date(2027, 6, 1),
        measure="plc_planning_share",
    )
    assert measured_check_ins(district=a.district, today=date(2026, 10, 1)) == 2
    hours = CheckIn.objects.get(key_result=a.key_result, measured=True)
    # District participants: teacher (35 PLC + 60 PD + 120 conference + 40 coaching = 255 min),
    # teacher2 (35 PLC planning) and other_teacher (none): (255 + 35) / 3 teachers / 60.
    assert hours.value == (D(290) / 3 / 60).quantize(D("0.01")) == D("1.61")
    assert hours.date == date(2026, 10, 1) and hours.measured
    share = CheckIn.objects.get(key_result=plc_share)
    # 35 of 45 PLC minutes on planning, as the dashboard's indicator shows it (to a tenth)
    assert share.value == D("77.8")
    # Running again the same day replaces, never duplicates.
    measured_check_ins(district=a.district, today=date(2026, 10, 1))
    assert CheckIn.objects.filter(key_result=plc_share).count() == 1
    assert CheckIn.objects.filter(district=world.b.district, measured=True).count() == 0


@pytest.mark.django_db
def test_the_beat_task_checks_in_every_district(world):
    from subsystems.plan.tasks import check_in_measured_key_results

    assert check_in_measured_key_results.delay().get() == 2
    assert CheckIn.objects.filter(district=world.a.district, measured=True).exists()
    assert CheckIn.objects.filter(district=world.b.district, measured=True).exists()


@pytest.mark.django_db
def test_a_key_result_pointing_the_wrong_way_is_refused(world):
    before = KeyResult.objects.count()
    with pytest.raises(ValidationError) as caught:
        key_result_save(
            district=world.a.district,
            objective=world.a.objective,
            title="X",
            baseline=D(10),
            target=D(5),
            direction="increase",
            due_date=date(2027, 6, 1),
        )
    assert "above the baseline" in caught.value.message_dict["target"][0]
    assert KeyResult.objects.count() == before


@pytest.mark.django_db
def test_unaligned_school_goals_are_flagged(world, client_for):
    from subsystems.plan.services import school_goal_save

    school_goal_save(district=world.a.district, school=world.a.school, title="Tidy classrooms")
    client = client_for(world.a.teacher)
    body = client.get(page("school_goals", world.a)).content.decode()
    assert "Unaligned" in body and "Tidy classrooms" in body
    only = client.get(page("school_goals", world.a), {"unaligned": "1"}).content.decode()
    assert "Tidy classrooms" in only and "Students explain their thinking" not in only


@pytest.mark.django_db
def test_plan_pages_by_role(world, client):
    matrix = [
        ("plan", {}, expect(200, 200, 200, 200, 200)),
        ("school_goals", {}, expect(200, 200, 200, 200, 200)),
        ("vision_edit", {}, expect(200, 403, 403, 403, 403)),
        ("objective_create", {}, expect(200, 200, 403, 403, 403)),
        ("objective_edit", {"objective_id": world.a.objective.pk}, expect(200, 403, 403, 403, 403)),
        ("check_in", {"key_result_id": world.a.key_result.pk}, expect(200, 403, 403, 403, 403)),
        ("materials", {}, expect(200, 200, 200, 200, 200)),
        ("material_create", {}, expect(200, 403, 403, 403, 403)),
        ("intervention", {}, expect(200, 200, 200, 200, 200)),
        ("intervention_create", {}, expect(200, 200, 403, 403, 403)),
    ]
    for name, kwargs, expected in matrix:
        for role, status in expected.items():
            client.force_login(world.a.member(role).user)
            assert client.get(page(name, world.a, **kwargs)).status_code == status, (name, role)


@pytest.mark.django_db
def test_inline_check_in_with_htmx_returns_the_updated_row(world, client_for):
    client = client_for(world.a.admin)
    url = page("check_in", world.a, key_result_id=world.a.key_result.pk)
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert f'<tr id="kr-{world.a.key_result.pk}">' in form.content.decode()
    assert "<html" not in form.content.decode()  # a partial, not the page
    bad = client.post(
        url,
        {"date": "2026-10-01", "value": "lots", "confidence": "on_track"},
        headers={"HX-Request": "true"},
    )
    assert "Enter a number" in bad.content.decode()
    saved = client.post(
        url,
        {"date": "2026-10-01", "value": "15", "confidence": "on_track"},
        headers={"HX-Request": "true"},
    )
    body = saved.content.decode()
    assert f'<tr id="kr-{world.a.key_result.pk}">' in body
    assert "50 %" in body  # (15 − 5) / (25 − 5)
    assert CheckIn.objects.filter(key_result=world.a.key_result, value=15).exists()


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_objectives(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from subsystems.plan.services import check_in_record, objective_save

    client = client_for(world.a.admin)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page("plan", world.a)).status_code == 200
        return len(captured)

    before = count()
    for n in range(4):
        objective = objective_save(
            district=world.a.district, title=f"O{n}", priority=world.a.objective.priority
        )
        kr = key_result_save(
            district=world.a.district,
            objective=objective,
            title=f"K{n}",
            baseline=D(0),
            target=D(10),
            due_date=date(2027, 1, 1),
        )
        check_in_record(
            district=world.a.district,
            key_result=kr,
            date=date(2026, 10, 1),
            value=D(n),
            confidence="on_track",
        )
    assert count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("today", [date(2026, 8, 31), date(2026, 10, 1), date(2026, 12, 2)])
def test_every_measure_equals_its_indicator_for_a_school_and_the_district(world, today):
    """One formula per figure: a key result measured by an indicator gets the value the
    dashboard shows, for a school and for the district row, early in the year too (before
    a month has passed) and later."""
    from dashboard import selectors as dashboard
    from pl_hours.selectors import year_in_view
    from subsystems import indicators
    from subsystems.plan.measures import MEASURES, value_of

    a = world.a
    year = year_in_view(a.district, today=today)
    schools = [a.school, a.other_school]
    evaluated = indicators.evaluate(
        a.district, dashboard.window_for(year, dashboard.Filters()), schools
    )

    def shown(school_id, key):
        return next(
            r.value for cell in evaluated[school_id] for r in cell.results if r.indicator.key == key
        )

    compared = 0
    for measure in MEASURES.values():
        key = measure.key.removeprefix("indicator:")
        if key not in indicators.REGISTRY:
            continue
        for school, school_id in ((a.school, a.school.pk), (None, None)):
            expected = shown(school_id, key)
            got = value_of(measure.key, a.district, school, year)
            assert got == (None if expected is None else expected.quantize(D("0.01"))), (
                measure.key,
                school,
            )
            compared += 1
    assert compared == 2 * (len(indicators.REGISTRY) + 3)
