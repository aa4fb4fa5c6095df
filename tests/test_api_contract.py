"""What every API endpoint promises, walked over the URL configuration itself.

Unknown query filters are refused (400, naming the filters the list offers) rather than
ignored; a write whose body is not a JSON object is a 400; the schema documents the 403 and
404 every district endpoint can answer.
"""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from tests.test_cross_tenant import _kwargs_for, probe, tenant_patterns  # noqa: F401

NOT_OBJECTS = ["[]", '[{"name": "x"}]', '"text"', "3", "true", "null"]


def api_patterns(suffix: str):
    return [
        (route, pattern)
        for route, pattern in tenant_patterns()
        if route.startswith("api/") and (pattern.name or "").endswith(suffix)
    ]


def allowed_methods(client, url) -> set[str]:
    """What OPTIONS says the endpoint allows (OPTIONS itself must answer, never 500)."""
    response = client.options(url)
    assert response.status_code == 200, f"OPTIONS {url} gave {response.status_code}"
    return {m.strip() for m in response.headers.get("Allow", "").split(",")}


@pytest.mark.django_db
def test_every_list_refuses_an_unknown_filter_and_names_the_allowed_ones(probe):  # noqa: F811
    cast, client = probe
    lists = api_patterns("-list")
    assert len(lists) >= 20
    for route, pattern in lists:
        url = reverse(
            pattern.name,
            kwargs={"district_slug": cast.a.district.slug, **_kwargs_for(route, pattern, cast.a)},
        )
        response = client.get(url, {"shcool": "x", "page": 1, "format": "json"})
        assert response.status_code == 400, f"{url} gave {response.status_code}"
        message = " ".join(response.json()["shcool"])
        assert "Unknown filter" in message, message
        assert "page" not in response.json() and "format" not in response.json()
        # Paging, format and ordering stay allowed.
        assert client.get(url, {"page": 1, "format": "json"}).status_code == 200, url


@pytest.mark.django_db
def test_a_list_names_its_filters_and_still_filters(cast, api_for):
    api = api_for(cast.a.admin)
    url = reverse("api-educator-list", kwargs={"district_slug": cast.a.district.slug})
    response = api.get(url, {"schol": str(cast.a.school.pk)})
    assert response.status_code == 400
    message = response.json()["schol"][0]
    for name in ("q", "school", "position", "active"):
        assert name in message
    filtered = api.get(url, {"school": str(cast.a.other_school.pk)})
    assert [e["email"] for e in filtered.json()["results"]] == [cast.a.other_teacher.email]


@pytest.mark.django_db
def test_every_write_refuses_a_body_that_is_not_an_object(probe):  # noqa: F811
    cast, client = probe
    checked = 0
    for route, pattern in api_patterns(""):
        kwargs = _kwargs_for(route, pattern, cast.a)
        url = reverse(pattern.name, kwargs={"district_slug": cast.a.district.slug, **kwargs})
        methods = allowed_methods(client, url) & {"POST", "PUT", "PATCH"}
        for method in sorted(methods):
            for body in NOT_OBJECTS:
                send = getattr(client, method.lower())
                response = send(url, body, content_type="application/json")
                if response.status_code == 415:
                    break  # an endpoint that reads no JSON at all (a file upload)
                assert response.status_code == 400, (
                    f"{method} {url} with {body} gave {response.status_code}"
                )
                assert "JSON object" in str(response.json()), response.json()
                checked += 1
    assert checked >= 60


def test_the_schema_documents_403_and_404_on_every_district_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/d/")
        for method, operation in item.items()
    ]
    assert len(operations) >= 60
    for path, method, operation in operations:
        responses = operation["responses"]
        for status in ("403", "404"):
            assert status in responses, f"{method.upper()} {path} does not document {status}"
        assert "district" in responses["404"]["description"].lower()
