"""District admins manage people and the roster; bad input writes nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from districts.models import Educator, Membership, Priority, Role, School, User


def url(name, tenant, *args):
    return reverse(name, args=[tenant.district.slug, *args])


@pytest.mark.django_db
def test_inviting_a_new_person_creates_a_login_and_sends_a_set_password_email(
    cast, client_for, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://coherence.example.org"
    client = client_for(cast.a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("membership_invite", cast.a),
            {
                "email": "New.Coach@Example.org",
                "first_name": "Nia",
                "last_name": "Cole",
                "role": Role.COACH,
                "schools": [cast.a.school.pk],
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.for_district(cast.a.district).get(
        user__email="new.coach@example.org"
    )
    assert membership.role == Role.COACH
    assert membership.school_ids() == [cast.a.school.pk]
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert cast.a.district.name in mail.outbox[0].subject
    assert "https://coherence.example.org/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_person_of_another_district_keeps_one_login_and_gains_a_membership(cast, client_for):
    client = client_for(cast.a.admin)
    partner = cast.b.viewer.user
    response = client.post(
        url("membership_invite", cast.a), {"email": partner.email, "role": Role.VIEWER}
    )
    assert response.status_code == 302
    assert User.objects.filter(email=partner.email).count() == 1
    assert set(partner.memberships.values_list("district__slug", flat=True)) == {
        cast.a.district.slug,
        cast.b.district.slug,
    }


@pytest.mark.django_db
def test_people_with_several_districts_pick_one(cast, client):
    from tests.factories import MembershipFactory

    MembershipFactory(district=cast.b.district, user=cast.a.viewer.user, role="viewer")
    client.force_login(cast.a.viewer.user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert cast.a.district.name in body and cast.b.district.name in body

    client.force_login(cast.a.principal.user)  # one district: straight there
    response = client.get(reverse("home"))
    assert response["Location"] == url("dashboard", cast.a)


@pytest.mark.django_db
def test_leader_without_schools_is_refused_with_a_clear_message(cast, client_for):
    client = client_for(cast.a.admin)
    before = Membership.objects.count()
    response = client.post(
        url("membership_invite", cast.a), {"email": "p@example.org", "role": Role.SCHOOL_LEADER}
    )
    assert response.status_code == 400
    assert "Pick at least one school" in response.content.decode()
    assert Membership.objects.count() == before
    assert not User.objects.filter(email="p@example.org").exists()


@pytest.mark.django_db
def test_a_school_of_another_district_cannot_be_assigned(cast, client_for):
    client = client_for(cast.a.admin)
    response = client.post(
        url("membership_edit", cast.a, cast.a.principal.pk),
        {"role": Role.SCHOOL_LEADER, "schools": [cast.b.school.pk]},
    )
    assert response.status_code == 400
    assert cast.a.principal.school_ids() == [cast.a.school.pk]


@pytest.mark.django_db
def test_the_last_admin_cannot_be_removed_or_demoted(cast, client_for):
    client = client_for(cast.a.admin)
    response = client.post(url("membership_remove", cast.a, cast.a.admin.pk))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=cast.a.admin.pk).exists()
    response = client.post(url("membership_edit", cast.a, cast.a.admin.pk), {"role": Role.VIEWER})
    assert response.status_code == 400
    assert "only admin" in response.content.decode()
    cast.a.admin.refresh_from_db()
    assert cast.a.admin.role == Role.DISTRICT_ADMIN


@pytest.mark.django_db
def test_removing_a_membership_keeps_the_roster_record(cast, client_for):
    client = client_for(cast.a.admin)
    educator_id = cast.a.teacher.educator_id
    response = client.post(url("membership_remove", cast.a, cast.a.teacher.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=cast.a.teacher.pk).exists()
    assert Educator.objects.filter(pk=educator_id).exists()


@pytest.mark.django_db
def test_roster_edit_refuses_duplicate_email_and_keeps_input(cast, client_for):
    client = client_for(cast.a.admin)
    response = client.post(
        url("educator_create", cast.a),
        {
            "first_name": "Dup",
            "last_name": "Licate",
            "email": "TEACHER@a.example.org",
            "position": "teacher",
            "active": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already has this e-mail" in body
    assert 'value="Dup"' in body  # the user's input is still in the form
    assert not Educator.objects.filter(first_name="Dup").exists()


@pytest.mark.django_db
def test_school_code_must_be_unique_in_the_district_only(cast, client_for):
    client = client_for(cast.a.admin)
    clash = {"name": "Clash", "code": cast.a.school.code, "grade_band": "middle", "active": "on"}
    assert client.post(url("school_create", cast.a), clash).status_code == 400
    fine = {**clash, "code": cast.b.school.code}  # B's code is free in A
    assert client.post(url("school_create", cast.a), fine).status_code == 302
    assert School.objects.for_district(cast.a.district).filter(code=cast.b.school.code).exists()


@pytest.mark.django_db
def test_lists_filter_and_export_csv(cast, client_for):
    client = client_for(cast.a.admin)
    response = client.get(url("educator_list", cast.a), {"school": cast.a.other_school.pk})
    emails = [e.email for e in response.context["page"].object_list]
    assert emails == ["other@a.example.org"]
    response = client.get(url("educator_list", cast.a), {"format": "csv", "q": "teacher2"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("email,first_name,last_name,school_code")
    assert len(lines) == 2 and lines[1].startswith("teacher2@a.example.org")


@pytest.mark.django_db
def test_district_home_lists_its_schools_only(cast, client_for):
    response = client_for(cast.a.teacher).get(url("district_home", cast.a))
    body = response.content.decode()
    assert cast.a.school.name in body and cast.a.other_school.name in body
    assert cast.b.school.name not in body


@pytest.mark.django_db
def test_priorities_are_managed_by_admins(cast, client_for):
    client = client_for(cast.a.admin)
    response = client.post(
        url("priority_create", cast.a), {"title": "Productive struggle", "order": 2, "active": "on"}
    )
    assert response.status_code == 302
    response = client.post(
        url("priority_create", cast.a), {"title": "productive STRUGGLE", "order": 3}
    )
    assert response.status_code == 400
    titles = list(Priority.objects.for_district(cast.a.district).values_list("title", flat=True))
    assert titles.count("Productive struggle") == 1


@pytest.mark.django_db
def test_csv_exports_never_carry_spreadsheet_formulas(cast, client_for):
    from districts.services import school_save

    school_save(district=cast.a.district, code="EVIL", name='=HYPERLINK("http://x","y")')
    response = client_for(cast.a.admin).get(url("school_list", cast.a), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def _someone_of_district_b(cast):
    user = cast.b.viewer.user
    user.first_name, user.last_name = "Quintessa", "Vandermolen"
    user.save()
    return user


def _reveals(text: str) -> bool:
    return "Quintessa" in text or "Vandermolen" in text


@pytest.mark.django_db
def test_inviting_someone_of_another_district_reveals_nothing_about_them(cast, client_for):
    person = _someone_of_district_b(cast)
    client = client_for(cast.a.admin)
    response = client.post(
        url("membership_invite", cast.a),
        {"email": person.email, "first_name": "Q.", "last_name": "V.", "role": Role.VIEWER},
        follow=True,
    )
    assert response.status_code == 200
    assert not _reveals(response.content.decode())
    listing = client.get(url("membership_list", cast.a)).content.decode()
    assert "Q. V." in listing and not _reveals(listing)
    csv = client.get(url("membership_list", cast.a), {"format": "csv"}).content.decode()
    assert not _reveals(csv)
    membership = Membership.objects.for_district(cast.a.district).get(user=person)
    edit = client.get(url("membership_edit", cast.a, membership.pk)).content.decode()
    assert not _reveals(edit)
    # The person's own login keeps their own name, and district B still knows them by it.
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Quintessa", "Vandermolen")


@pytest.mark.django_db
def test_the_api_returns_the_name_this_district_gave_not_the_other_districts(cast, api_for):
    from django.urls import reverse as api_reverse

    person = _someone_of_district_b(cast)
    api = api_for(cast.a.admin)
    listing_url = api_reverse("api-membership-list", kwargs={"district_slug": cast.a.district.slug})
    response = api.post(listing_url, {"email": person.email, "role": "viewer"}, format="json")
    assert response.status_code == 201, response.json()
    assert not _reveals(str(response.json()))
    assert (response.json()["first_name"], response.json()["last_name"]) == ("", "")
    assert not _reveals(str(api.get(listing_url).json()))
