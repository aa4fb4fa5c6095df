import pytest
from django.urls import reverse

from pl_hours.models import LedgerEntry
from subsystems.models import PDAttendance


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_pd_attendance_through_the_api(world, api_for):
    session = world.a.pd_session
    teacher2 = world.a.teacher2.educator
    response = api_for(world.a.admin).patch(
        url("api-pd-session-detail", world.a, session_id=session.pk),
        {"attendance": [{"educator": str(teacher2.pk), "attended_minutes": 30}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["attendance"] == [{"educator": str(teacher2.pk), "attended_minutes": 30}]
    assert dict(
        LedgerEntry.objects.filter(source_id=session.pk).values_list("category", "minutes")
    ) == {"surface_strategies": 10, "instructional_planning": 20}


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_attendance_longer_than_the_session_is_refused(world, client_for):
    session = world.a.pd_session
    before = list(
        PDAttendance.objects.filter(session=session).values_list("educator_id", "attended_minutes")
    )
    teacher2 = world.a.teacher2.educator
    response = client_for(world.a.principal).post(
        page("pd_attendance", world.a, session_id=session.pk),
        {"school": world.a.school.pk, "attended": [teacher2.pk], f"minutes_{teacher2.pk}": 500},
    )
    assert response.status_code == 400
    assert "between 1 and 90" in response.content.decode()
    after = list(
        PDAttendance.objects.filter(session=session).values_list("educator_id", "attended_minutes")
    )
    assert after == before


@pytest.mark.django_db
def test_partial_pd_attendance_scales_the_ledger(world, client_for):
    session, teacher2 = world.a.pd_session, world.a.teacher2.educator
    response = client_for(world.a.admin).post(
        page("pd_attendance", world.a, session_id=session.pk),
        {
            "school": world.a.school.pk,
            "attended": [world.a.teacher.educator.pk, teacher2.pk],
            f"minutes_{teacher2.pk}": 45,
        },
    )
    assert response.status_code == 302
    rows = dict(
        LedgerEntry.objects.filter(source_id=session.pk, educator=teacher2).values_list(
            "category", "minutes"
        )
    )
    assert rows == {"surface_strategies": 15, "instructional_planning": 30}  # half of 30/60
