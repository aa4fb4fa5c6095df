"""Walkthroughs: calibration by hand, validation, privacy, trends, API."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from subsystems.leadership.selectors import calibration, look_for_trend
from subsystems.leadership.services import walkthrough_record
from subsystems.models import Walkthrough, WalkthroughRating
from tests.builders import expect

DAY = date(2026, 9, 14)


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_calibration_by_hand(world):
    a = world.a
    goals, explain, tasks = (lf.pk for lf in a.look_fors)
    # Visit 1 (from the builder): principal evident/emerging/evident, coach evident ×3 → 2 of 3.
    # Visit 2: principal evident/evident/not observed, coach emerging/evident/not observed → 2 of 3.
    first = walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.principal.educator,
        teacher=a.teacher2.educator,
        co_observer=a.coach.educator,
        look_for_set=a.look_for_set,
        date=DAY,
        ratings={goals: "evident", explain: "evident", tasks: "not_observed"},
    )
    walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.coach.educator,
        teacher=a.teacher2.educator,
        look_for_set=a.look_for_set,
        date=DAY,
        same_visit_as=first,
        ratings={goals: "emerging", explain: "evident", tasks: "not_observed"},
    )
    result = calibration(a.district, Walkthrough.objects.for_district(a.district))
    assert (result.agreed, result.compared) == (4, 6)
    by_title = {lf.title: (agreed, compared) for lf, agreed, compared in result.by_look_for}
    assert by_title == {
        "Goals are posted": (1, 2),
        "Students explain": (1, 2),
        "Tasks build reasoning": (2, 2),
    }
    assert sorted(p.agreed for p in result.pairs) == [2, 2]


@pytest.mark.django_db
def test_trend_shares_evident_per_look_for_and_month(world):
    a = world.a
    months, rows = look_for_trend(
        a.district, Walkthrough.objects.for_district(a.district), a.look_for_set.look_fors.all()
    )
    assert months == [date(2026, 9, 1)]
    shares = {row.look_for.title: row.months[months[0]] for row in rows}
    # Two records of the visit: goals evident twice, explain once of two, tasks twice.
    assert shares == {
        "Goals are posted": (2, 2),
        "Students explain": (1, 2),
        "Tasks build reasoning": (2, 2),
    }


@pytest.mark.django_db
def test_bad_walkthroughs_are_refused_and_write_nothing(world):
    a = world.a
    before = Walkthrough.objects.count(), WalkthroughRating.objects.count()
    common = {
        "district": a.district,
        "school": a.school,
        "look_for_set": a.look_for_set,
        "date": DAY,
        "ratings": {},
    }
    cases = [
        ({"observer": a.principal.educator, "teacher": a.other_teacher}, "teacher"),
        ({"observer": a.teacher.educator}, "observer"),
        ({"observer": a.principal.educator, "co_observer": a.teacher2.educator}, "co_observer"),
        ({"observer": a.principal.educator, "feedback_shared": True}, "feedback_date"),
        (
            {
                "observer": a.principal.educator,
                "feedback_shared": True,
                "feedback_date": date(2026, 9, 1),
            },
            "feedback_date",
        ),
        (
            {"observer": a.principal.educator, "ratings": {a.look_fors[0].pk: "brilliant"}},
            "ratings",
        ),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as caught:
            walkthrough_record(**{**common, **extra})
        assert field in caught.value.message_dict, (extra, caught.value.message_dict)
    with pytest.raises(ValidationError):
        walkthrough_record(**{**common, "observer": world.b.principal.educator})
    assert (Walkthrough.objects.count(), WalkthroughRating.objects.count()) == before


@pytest.mark.django_db
def test_walkthrough_notes_are_seen_only_by_those_concerned(world, client):
    url = page("walkthrough_detail", world.a, walkthrough_id=world.a.walkthrough.pk)
    expected = {**expect(200, 200, 200, 200, 403), "teacher2": 404}
    for role, status in expected.items():
        client.force_login(world.a.member(role).user)
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert "Strong launch" in response.content.decode()
    client.force_login(world.a.teacher2.user)
    assert "Strong launch" not in client.get(page("walkthrough_list", world.a)).content.decode()


@pytest.mark.django_db
def test_walkthrough_pages_by_role(world, client):
    matrix = [
        ("walkthrough_list", {}, expect(200, 200, 200, 200, 403)),
        ("walkthrough_create", {}, expect(200, 200, 200, 403, 403)),
        ("walkthrough_calibration", {}, expect(200, 200, 200, 403, 403)),
        ("walkthrough_trends", {}, expect(200, 200, 200, 403, 403)),
        (
            "walkthrough_edit",
            {"walkthrough_id": world.a.walkthrough.pk},
            expect(200, 200, 403, 403, 403),
        ),
        (
            "walkthrough_calibrate",
            {"walkthrough_id": world.a.walkthrough.pk},
            expect(403, 403, 200, 403, 403),
        ),
        ("look_for_list", {}, expect(200, 403, 403, 403, 403)),
    ]
    for name, kwargs, expected in matrix:
        for role, status in expected.items():
            client.force_login(world.a.member(role).user)
            assert client.get(page(name, world.a, **kwargs)).status_code == status, (name, role)


@pytest.mark.django_db
def test_recording_a_walkthrough_in_the_browser_form(world, client_for):
    a = world.a
    goals, explain, tasks = (lf.pk for lf in a.look_fors)
    response = client_for(a.principal).post(
        page("walkthrough_create", a),
        {
            "form": a.look_for_set.pk,
            "school": a.school.pk,
            "teacher": a.teacher2.educator.pk,
            "date": "2026-10-01",
            "duration_minutes": 12,
            "math_specific": "on",
            f"rating_{goals}": "evident",
            f"rating_{explain}": "emerging",
            f"rating_{tasks}": "not_observed",
            f"evidence_{explain}": "One pair argued well.",
        },
    )
    assert response.status_code == 302
    saved = Walkthrough.objects.get(date=date(2026, 10, 1))
    assert saved.observer == a.principal.educator
    assert dict(saved.ratings.values_list("look_for_id", "rating")) == {
        goals: "evident",
        explain: "emerging",
        tasks: "not_observed",
    }


@pytest.mark.django_db
def test_a_refused_walkthrough_keeps_every_rating_and_note(world, client_for):
    a = world.a
    goals, explain, _ = (lf.pk for lf in a.look_fors)
    response = client_for(a.principal).post(
        page("walkthrough_create", a),
        {
            "form": a.look_for_set.pk,
            "school": a.school.pk,
            "teacher": a.other_teacher.pk,
            "date": "2026-10-01",
            "duration_minutes": 12,
            f"rating_{goals}": "emerging",
            f"evidence_{explain}": "Keep this note",
            "notes": "Visit notes",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not on" in body
    assert "Keep this note" in body and "Visit notes" in body
    checked = re.search(rf'<input[^>]*name="rating_{goals}"[^>]*value="emerging"[^>]*>', body)
    assert checked and "checked" in checked.group(0)


@pytest.mark.django_db
def test_walkthrough_api(world, api_for):
    a = world.a
    goals = a.look_fors[0].pk
    api = api_for(a.coach)
    response = api.post(
        page("api-walkthrough-list", a),
        {
            "school": str(a.school.pk),
            "teacher": str(a.teacher.educator.pk),
            "date": "2026-10-02",
            "look_for_set": str(a.look_for_set.pk),
            "ratings": [{"look_for": str(goals), "rating": "evident"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["observer"] == str(a.coach.educator.pk)
    assert {r["rating"] for r in body["ratings"]} == {"evident", "not_observed"}
    elsewhere = api.post(
        page("api-walkthrough-list", a),
        {
            "school": str(a.other_school.pk),
            "date": "2026-10-02",
            "look_for_set": str(a.look_for_set.pk),
            "ratings": [],
        },
        format="json",
    )
    assert elsewhere.status_code == 403
    assert api_for(a.teacher2).get(page("api-walkthrough-list", a)).json()["count"] == 0


@pytest.mark.django_db
def test_the_walkthrough_csv_carries_each_look_fors_rating(world, client_for):
    import csv
    import io

    a = world.a
    url = reverse("walkthrough_list", args=[a.district.slug])
    body = client_for(a.admin).get(url, {"format": "csv"}).content.decode().lstrip("\ufeff")
    rows = {r["observer"]: r for r in csv.DictReader(io.StringIO(body))}
    principal = rows[a.principal.educator.full_name]
    assert principal["form"] == "Math teaching practices"
    assert principal["ratings"] == (
        "Goals are posted: evident; Students explain: emerging; Tasks build reasoning: evident"
    )
    assert rows[a.coach.educator.full_name]["ratings"].count("evident") == 3
