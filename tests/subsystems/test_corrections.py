"""Corrections of the records behind board figures, beyond PLC meetings: a key-result
check-in edited, a walkthrough deleted and restored, each change in the history with its
author, on the page and in the API; roles that cannot write are refused, other districts
do not see the record at all."""

import pytest
from django.urls import reverse

from subsystems.models import CheckIn, Walkthrough, WalkthroughRating


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.mark.django_db
def test_an_edited_check_in_shows_its_change_and_author(world, client_for, api_for):
    a = world.a
    check_in = a.check_in
    client = client_for(a.admin)
    response = client.post(
        url("check_in_edit", a, check_in_id=check_in.pk),
        {"date": check_in.date.isoformat(), "value": "9.5", "confidence": "on_track", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url("check_in_edit", a, check_in_id=check_in.pk)).content.decode()
    changes = page.split('id="history-h"')[1]
    assert "Value: 8.00 → 9.50" in changes or "Value: 8 → 9.5" in changes, changes[:1500]
    assert "by Admin" in changes

    history = api_for(a.admin).get(url("api-check-in-history", a, check_in_id=check_in.pk))
    assert history.status_code == 200
    latest = history.json()[0]
    assert latest["what"] == "Changed" and "Admin" in latest["who"]


@pytest.mark.django_db
def test_a_walkthrough_is_deleted_after_asking_and_restored_with_its_ratings(world, client_for):
    a = world.a
    walkthrough = a.walkthrough
    ratings = set(walkthrough.ratings.values_list("look_for", "rating"))
    client = client_for(a.principal)  # the observer
    delete = url("walkthrough_delete", a, walkthrough_id=walkthrough.pk)
    asked = client.get(delete)
    assert asked.status_code == 200 and "restored" in asked.content.decode()
    assert Walkthrough.objects.filter(pk=walkthrough.pk).exists()

    assert client.post(delete).status_code == 302
    assert not Walkthrough.objects.filter(pk__in=[walkthrough.pk, a.calibration.pk]).exists()
    listing = client.get(url("walkthrough_list", a)).content.decode()
    assert "Recently deleted" in listing

    assert client.post(
        url("walkthrough_restore", a, walkthrough_id=walkthrough.pk)
    ).status_code == (302)
    restored = Walkthrough.objects.get(pk=walkthrough.pk)
    assert set(restored.ratings.values_list("look_for", "rating")) == ratings
    # The coach's record of the same visit went with it and comes back with it.
    assert Walkthrough.objects.get(pk=a.calibration.pk).same_visit_as_id == walkthrough.pk
    page = client.get(url("walkthrough_detail", a, walkthrough_id=walkthrough.pk)).content.decode()
    changes = page.split('id="history-h"')[1]
    assert "Restored</strong> by Principal" in changes


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coach", "teacher", "viewer"])
def test_roles_that_cannot_write_a_check_in_are_refused(world, client_for, api_for, role):
    a = world.a
    check_in = a.check_in
    client = client_for(a.member(role))
    edit = client.post(
        url("check_in_edit", a, check_in_id=check_in.pk),
        {"date": check_in.date.isoformat(), "value": "99", "confidence": "on_track"},
    )
    delete = client.post(url("check_in_delete", a, check_in_id=check_in.pk))
    assert (edit.status_code, delete.status_code) == (403, 403)
    api = api_for(a.member(role))
    assert api.patch(
        url("api-check-in-detail", a, check_in_id=check_in.pk), {"value": "99"}, format="json"
    ).status_code in (403, 404)
    assert CheckIn.objects.get(pk=check_in.pk).value == check_in.value


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coach", "teacher", "viewer"])
def test_only_the_observer_and_admins_delete_or_restore_a_walkthrough(world, client_for, role):
    a = world.a
    walkthrough = a.walkthrough
    client = client_for(a.member(role))
    assert client.post(url("walkthrough_delete", a, walkthrough_id=walkthrough.pk)).status_code in (
        403,
        404,  # a teacher does not see walkthroughs of others
    )
    assert Walkthrough.objects.filter(pk=walkthrough.pk).exists()

    client_for(a.principal).post(url("walkthrough_delete", a, walkthrough_id=walkthrough.pk))
    client = client_for(a.member(role))
    restore = client.post(url("walkthrough_restore", a, walkthrough_id=walkthrough.pk))
    assert restore.status_code in (403, 404)
    assert not Walkthrough.objects.filter(pk=walkthrough.pk).exists()


@pytest.mark.django_db
def test_another_districts_admin_gets_404_for_every_correction(world, client_for):
    a, b = world.a, world.b
    client = client_for(b.admin)
    # b's admin names a's records under b's own district: nothing there.
    for name, kwargs in [
        ("check_in_edit", {"check_in_id": a.check_in.pk}),
        ("check_in_delete", {"check_in_id": a.check_in.pk}),
        ("check_in_restore", {"check_in_id": a.check_in.pk}),
        ("walkthrough_delete", {"walkthrough_id": a.walkthrough.pk}),
        ("walkthrough_restore", {"walkthrough_id": a.walkthrough.pk}),
    ]:
        assert client.post(url(name, b, **kwargs)).status_code == 404, name
    # …and under a's district they are not a member.
    assert (
        client.post(url("walkthrough_delete", a, walkthrough_id=a.walkthrough.pk)).status_code
        == 404
    )
    assert Walkthrough.objects.filter(pk=a.walkthrough.pk).exists()
    assert WalkthroughRating.objects.filter(walkthrough=a.walkthrough).exists()
