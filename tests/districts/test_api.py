import pytest
from django.urls import reverse

from districts.models import Educator, Membership, School


def api_url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_create_and_update_an_educator(cast, api_for):
    api = api_for(cast.a.admin)
    response = api.post(
        api_url("api-educator-list", cast.a),
        {
            "first_name": "Ida",
            "last_name": "Moss",
            "email": "IDA@example.org",
            "school": str(cast.a.school.pk),
            "position": "interventionist",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    educator = Educator.objects.for_district(cast.a.district).get(email="ida@example.org")
    assert response.json()["id"] == str(educator.pk)
    response = api.patch(
        api_url("api-educator-detail", cast.a, educator_id=educator.pk),
        {"active": False},
        format="json",
    )
    assert response.status_code == 200
    educator.refresh_from_db()
    assert educator.active is False


@pytest.mark.django_db
def test_a_school_of_another_district_is_refused_and_nothing_is_written(cast, api_for):
    before = Educator.objects.count()
    response = api_for(cast.a.admin).post(
        api_url("api-educator-list", cast.a),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.org",
            "school": str(cast.b.school.pk),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "school" in response.json()
    assert Educator.objects.count() == before


@pytest.mark.django_db
def test_duplicate_school_code_is_a_field_error(cast, api_for):
    response = api_for(cast.a.admin).post(
        api_url("api-school-list", cast.a),
        {"code": cast.a.school.code, "name": "Again"},
        format="json",
    )
    assert response.status_code == 400
    assert School.objects.for_district(cast.a.district).filter(name="Again").count() == 0


@pytest.mark.django_db
def test_memberships_through_the_api(cast, api_for):
    api = api_for(cast.a.admin)
    response = api.post(
        api_url("api-membership-list", cast.a),
        {"email": "lead@example.org", "role": "school_leader", "schools": [str(cast.a.school.pk)]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    membership = Membership.objects.for_district(cast.a.district).get(
        user__email="lead@example.org"
    )
    assert response.json()["schools"] == [str(cast.a.school.pk)]
    response = api.post(
        api_url("api-membership-list", cast.a),
        {"email": "lead2@example.org", "role": "coach"},
        format="json",
    )
    assert response.status_code == 400
    assert "schools" in response.json()
    response = api.delete(api_url("api-membership-detail", cast.a, membership_id=membership.pk))
    assert response.status_code == 204
    response = api.delete(api_url("api-membership-detail", cast.a, membership_id=cast.a.admin.pk))
    assert response.status_code == 400


@pytest.mark.django_db
def test_educators_filter_by_school(cast, api_for):
    response = api_for(cast.a.admin).get(
        api_url("api-educator-list", cast.a), {"school": str(cast.a.other_school.pk)}
    )
    assert [row["email"] for row in response.json()["results"]] == ["other@a.example.org"]


@pytest.mark.django_db
def test_token_authentication(cast):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=cast.a.admin.user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(api_url("api-school-list", cast.a)).status_code == 200
    assert api.get(api_url("api-school-list", cast.b)).status_code == 404


@pytest.mark.django_db
def test_openapi_schema_and_docs(client, cast):
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/d/{district_slug}/educators/" in paths
    assert "/api/v1/d/{district_slug}/schools/{school_id}/" in paths
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
