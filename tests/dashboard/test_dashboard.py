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
from tests.builders import expect

D = Decimal


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


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
    rate = next(k for k, ind in indicators.REGISTRY.items() if ind.unit != "%")
    for typed in ("1001", "NaN", "Infinity", "-1", "lots"):
        too_much = client.post(url, {**data, rate: typed})
        assert too_much.status_code == 400 and "from 0 to 1,000" in too_much.content.decode()
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
