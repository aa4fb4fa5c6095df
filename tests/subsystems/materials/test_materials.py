import pytest
from django.urls import reverse

from districts.bounds import STUDENT_COUNT
from subsystems.models import InterventionGroup


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["Ana, Ben and Cy", "six", "4.5", "-2"])
def test_intervention_groups_take_numbers_only_for_students(world, client_for, count):
    before = InterventionGroup.objects.count()
    response = client_for(world.a.principal).post(
        page("intervention_create", world.a),
        {
            "school": world.a.school.pk,
            "grade": "4",
            "name": "Fractions",
            "led_by": "interventionist",
            "student_count": count,
            "minutes_per_week": 60,
            "collaboration_minutes_per_month": 0,
            "active": "on",
        },
    )
    assert response.status_code == 400
    assert InterventionGroup.objects.count() == before
    body = response.content.decode()
    assert "never named" in body or STUDENT_COUNT.message in body


@pytest.mark.django_db
def test_intervention_api_refuses_names_in_the_count(world, api_for):
    response = api_for(world.a.admin).post(
        page("api-intervention-group-list", world.a),
        {
            "school": str(world.a.school.pk),
            "grade": "4",
            "name": "Fractions",
            "student_count": "Ana, Ben",
            "minutes_per_week": 60,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "never named" in response.json()["student_count"][0]
