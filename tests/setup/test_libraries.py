"""Starter libraries: adopted into the district as its own records, once, on the page or
through the API; a new district's first-run checklist follows the data."""

import pytest
from django.urls import reverse

from setup.libraries import LIBRARIES, TEACHING_PRACTICES
from subsystems.indicators.registry import REGISTRY
from subsystems.leadership.services import look_for_save
from subsystems.models import IndicatorGoal, KeyResult, LookFor, LookForSet, Objective


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_adopting_the_practices_copies_them_as_the_districts_own(cast, client_for):
    a = cast.a
    client = client_for(a.admin)
    page = client.get(url("libraries", a)).content.decode()
    assert all(library.title in page.replace("&#x27;", "'") for library in LIBRARIES.values())
    response = client.post(url("libraries", a), {"key": "nctm-8"}, follow=True)
    assert "Adopted" in response.content.decode()
    form = LookForSet.objects.for_district(a.district).get()
    look_fors = LookFor.objects.for_district(a.district).filter(look_for_set=form)
    assert [lf.title for lf in look_fors.order_by("order")] == [t for t, _ in TEACHING_PRACTICES]
    # Theirs to edit: a changed look-for stays changed, the library is not touched.
    first = look_fors.order_by("order").first()
    look_for_save(
        district=a.district,
        look_for=first,
        look_for_set=form,
        title="Goals posted and discussed",
        order=first.order,
    )
    assert TEACHING_PRACTICES[0][0] == "Establish mathematics goals to focus learning"
    again = client.post(url("libraries", a), {"key": "nctm-8"}, follow=True)
    assert "adopted “NCTM's eight Mathematics Teaching Practices” already" in (
        again.content.decode().replace("&#x27;", "'")
    )
    assert LookForSet.objects.for_district(a.district).count() == 1
    assert not LookForSet.objects.for_district(cast.b.district).exists()


@pytest.mark.django_db
def test_the_api_lists_and_adopts_libraries(cast, api_for):
    a = cast.a
    api = api_for(a.admin)
    listed = api.get(url("api-library-list", a)).json()
    assert [row["key"] for row in listed] == ["nctm-8", "indicator-goals", "first-objective"]
    assert not any(row["adopted"] for row in listed)
    goals = api.post(url("api-library-adopt", a, key="indicator-goals"), {}, format="json")
    assert goals.status_code == 201
    assert IndicatorGoal.objects.for_district(a.district).count() == len(REGISTRY)
    objective = api.post(url("api-library-adopt", a, key="first-objective"), {}, format="json")
    assert objective.status_code == 201, objective.content
    made = Objective.objects.for_district(a.district).get()
    measures = set(KeyResult.objects.filter(objective=made).values_list("measure", flat=True))
    assert measures == {"mean_meaningful_hours", "plc_planning_share"}
    assert api.post(url("api-library-adopt", a, key="first-objective"), {}).status_code == 400
    assert api.post(url("api-library-adopt", a, key="nope"), {}).status_code == 404
    assert api_for(a.principal).post(url("api-library-adopt", a, key="nctm-8"), {}).status_code == (
        403
    )


@pytest.mark.django_db
def test_the_first_objective_needs_a_priority(cast, api_for):
    from districts.models import Priority

    Priority.objects.for_district(cast.a.district).delete()
    refused = api_for(cast.a.admin).post(
        url("api-library-adopt", cast.a, key="first-objective"), {}, format="json"
    )
    assert refused.status_code == 400 and "priority" in refused.json()
    assert not Objective.objects.exists()
