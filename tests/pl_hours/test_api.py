"""The PL API: activities in, ledger and rollups out; bad input writes nothing."""

import pytest
from django.urls import reverse


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_ledger_and_rollups_filter_by_school_educator_and_dates(world, api_for):
    api = api_for(world.a.admin)
    teacher = world.a.teacher.educator
    rows = api.get(
        url("api-ledger-entry-list", world.a),
        {"educator": str(teacher.pk), "date_from": "2026-09-14", "date_to": "2026-09-14"},
    ).json()["results"]
    assert rows and all(r["educator"] == str(teacher.pk) for r in rows)
    assert sum(r["minutes"] for r in rows) == 45 + 90 + 30 + 120 + 40  # + coaching
    empty = api.get(url("api-ledger-entry-list", world.a), {"date_from": "2027-01-01"}).json()
    assert empty["count"] == 0
    rollups = api.get(url("api-rollup-list", world.a), {"school": str(world.a.school.pk)}).json()[
        "results"
    ]
    assert {r["educator"] for r in rollups} == {
        str(world.a.teacher.educator.pk),
        str(world.a.teacher2.educator.pk),
    }
    bad = api.get(url("api-rollup-list", world.a), {"school": str(world.b.school.pk)})
    assert bad.status_code == 400  # another district's school is not a valid choice


@pytest.mark.django_db
def test_a_teacher_reads_only_their_own_ledger(world, api_for):
    rows = api_for(world.a.teacher).get(url("api-ledger-entry-list", world.a)).json()["results"]
    assert {r["educator"] for r in rows} == {str(world.a.teacher.educator.pk)}
    assert api_for(world.a.viewer).get(url("api-ledger-entry-list", world.a)).status_code == 403


@pytest.mark.django_db
def test_a_teacher_records_their_own_pl_but_nobody_elses(world, api_for):
    api = api_for(world.a.teacher)
    entry = {
        "date": "2026-10-03",
        "description": "Online course",
        "minutes": 90,
        "category": "instructional_planning",
        "math_specific": True,
    }
    own = api.post(
        url("api-manual-entry-list", world.a),
        {**entry, "educator": str(world.a.teacher.educator.pk)},
        format="json",
    )
    assert own.status_code == 201
    other = api.post(
        url("api-manual-entry-list", world.a),
        {**entry, "educator": str(world.a.teacher2.educator.pk)},
        format="json",
    )
    assert other.status_code == 403


@pytest.mark.django_db
def test_the_hours_summaries_follow_the_roles_and_agree_with_each_other(world, api_for):
    a = world.a
    teacher = a.teacher.educator
    mine = api_for(a.teacher).get(reverse("api-hours-me", args=[a.district.slug]))
    assert mine.status_code == 200
    as_admin = api_for(a.admin).get(
        reverse("api-hours-educator", args=[a.district.slug, teacher.pk])
    )
    assert mine.json() == as_admin.json()
    assert mine.json()["hours"]["minutes"]["meaningful"] > 0
    # Teachers see their own hours only; viewers see aggregates, no school's teachers.
    assert (
        api_for(a.teacher)
        .get(reverse("api-hours-educator", args=[a.district.slug, a.teacher2.educator.pk]))
        .status_code
        == 403
    )
    assert api_for(a.teacher).get(reverse("api-hours", args=[a.district.slug])).status_code == 403
    assert api_for(a.viewer).get(reverse("api-hours", args=[a.district.slug])).status_code == 200
    assert (
        api_for(a.viewer)
        .get(reverse("api-hours-school", args=[a.district.slug, a.school.pk]))
        .status_code
        == 403
    )
    # A principal sees their own school's teachers, not another school's.
    principal = api_for(a.principal)
    school = principal.get(reverse("api-hours-school", args=[a.district.slug, a.school.pk]))
    assert school.status_code == 200
    assert {row["educator"] for row in school.json()["educators"]} >= {str(teacher.pk)}
    assert (
        principal.get(
            reverse("api-hours-school", args=[a.district.slug, a.other_school.pk])
        ).status_code
        == 403
    )
