"""The audit trail: each kind of access is recorded with the right actor, the trail can be
searched and exported by admins only, a teacher sees who opened their records, and the
purge removes only what is past the retention period."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from audit.services import audit_purge, audit_release_district, record
from districts.models import Role
from districts.signals import SYSTEM, Actor
from tests.builders import populate_activities
from tests.factories import PASSWORD


def events(tenant, kind):
    return list(AuditEvent.objects.for_district(tenant.district).filter(kind=kind))


@pytest.fixture
def records(cast):
    populate_activities(cast.a)
    return cast


@pytest.mark.django_db
def test_an_admin_reading_a_teachers_hours_is_recorded_with_who_and_from_where(records, client_for):
    a = records.a
    url = reverse("educator_hours", args=[a.district.slug, a.teacher.educator.pk])
    assert client_for(a.admin).get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    [event] = events(a, AuditKind.VIEW_HOURS)
    assert event.actor == a.admin.user
    assert event.subject == a.teacher.educator
    assert event.address == "203.0.113.7"
    assert event.path == url


@pytest.mark.django_db
def test_a_teacher_reading_their_own_records_is_not_an_access(records, client_for):
    a = records.a
    client = client_for(a.teacher)
    assert client.get(reverse("my_hours", args=[a.district.slug])).status_code == 200
    detail = reverse("walkthrough_detail", args=[a.district.slug, a.walkthrough.pk])
    assert client.get(detail).status_code == 200
    mine = AuditEvent.objects.for_district(a.district).filter(actor=a.teacher.user)
    assert not mine.exclude(kind=AuditKind.SIGN_IN).exists()  # force_login is a sign-in


@pytest.mark.django_db
def test_a_school_page_records_a_view_of_each_named_teacher(records, client_for):
    a = records.a
    url = reverse("school_hours", args=[a.district.slug, a.school.pk])
    assert client_for(a.principal).get(url).status_code == 200
    seen = {e.subject_id for e in events(a, AuditKind.VIEW_HOURS)}
    assert a.teacher.educator.pk in seen and a.teacher2.educator.pk in seen
    assert a.principal.educator.pk not in seen  # their own row is not an access
    assert {e.actor_id for e in events(a, AuditKind.VIEW_HOURS)} == {a.principal.user.pk}


@pytest.mark.django_db
def test_walkthrough_and_coaching_records_read_by_others_are_recorded(records, client_for):
    a = records.a
    detail = reverse("walkthrough_detail", args=[a.district.slug, a.walkthrough.pk])
    assert client_for(a.principal).get(detail).status_code == 200
    [walk] = events(a, AuditKind.VIEW_WALKTHROUGH)
    assert (walk.actor, walk.subject) == (a.principal.user, a.teacher.educator)
    assert walk.object_id == str(a.walkthrough.pk)

    cycle = reverse("coaching_cycle", args=[a.district.slug, a.coaching_cycle.pk])
    assert client_for(a.coach).get(cycle).status_code == 200
    session = reverse("coaching_session_edit", args=[a.district.slug, a.coaching_session.pk])
    assert client_for(a.admin).get(session).status_code == 200
    coaching = events(a, AuditKind.VIEW_COACHING)
    assert {e.actor for e in coaching} == {a.coach.user, a.admin.user}
    assert a.teacher.educator.pk in {e.subject_id for e in coaching}
    assert a.coach.educator.pk not in {e.subject_id for e in coaching}


@pytest.mark.django_db
def test_csv_exports_of_named_people_are_recorded_and_aggregates_are_not(records, client_for):
    a = records.a
    client = client_for(a.admin)
    for name in ("educator_list", "walkthrough_list", "district_hours"):
        url = reverse(name, args=[a.district.slug])
        assert client.get(url, {"format": "csv"}).status_code == 200
    exports = events(a, AuditKind.EXPORT)
    assert {e.actor for e in exports} == {a.admin.user}
    names = sorted(e.target for e in exports)
    assert names[0].startswith("district-a-educators.csv (")
    assert names[1].startswith("district-a-walkthroughs.csv (")
    assert len(exports) == 2  # the district's hours by school name no one


@pytest.mark.django_db
def test_sign_ins_and_failed_sign_ins_go_to_every_district_of_the_person(cast, client):
    partner = cast.a.viewer.user
    from tests.factories import MembershipFactory

    MembershipFactory(district=cast.b.district, user=partner, role=Role.VIEWER)
    login = reverse("login")
    client.post(
        login, {"username": partner.username, "password": "nope"}, REMOTE_ADDR="198.51.100.4"
    )
    client.post(login, {"username": partner.username, "password": PASSWORD})
    for tenant in (cast.a, cast.b):
        [failed] = events(tenant, AuditKind.SIGN_IN_FAILED)
        assert failed.actor == partner and failed.address == "198.51.100.4"
        [signed_in] = events(tenant, AuditKind.SIGN_IN)
        assert signed_in.actor == partner and "password" in signed_in.target
    client.post(login, {"username": "nobody-at-all", "password": "x"})
    assert (
        AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).count() == 2
    )  # across districts: test


@pytest.mark.django_db
def test_changes_of_access_are_recorded_with_the_admin_who_made_them(cast, client_for):
    a = cast.a
    client = client_for(a.admin)
    edit = reverse("membership_edit", args=[a.district.slug, a.teacher2.pk])
    response = client.post(
        edit,
        {"role": Role.SCHOOL_LEADER, "schools": [a.school.pk], "educator": a.teacher2.educator.pk},
    )
    assert response.status_code == 302
    client.post(reverse("membership_remove", args=[a.district.slug, a.viewer.pk]))
    api = reverse("api-membership-list", args=[a.district.slug])
    from rest_framework.test import APIClient

    rest = APIClient()
    rest.force_authenticate(a.admin.user)
    created = rest.post(api, {"email": "new@a.example.org", "role": "viewer"}, format="json")
    assert created.status_code == 201, created.content
    changes = sorted(events(a, AuditKind.MEMBERSHIP), key=lambda e: e.at)
    assert [e.actor for e in changes] == [a.admin.user] * 3
    assert "Access changed" in changes[0].target and "School leader (a-1)" in changes[0].target
    assert changes[0].subject == a.teacher2.educator
    assert "Access removed" in changes[1].target and changes[1].subject_user == a.viewer.user
    assert changes[2].target == "Access added: Viewer (district-wide)"
    assert changes[2].subject_user.email == "new@a.example.org"


@pytest.mark.django_db
def test_the_trail_is_searched_and_exported_by_admins_only(records, client_for):
    a = records.a
    client_for(a.principal).get(
        reverse("educator_hours", args=[a.district.slug, a.teacher.educator.pk])
    )
    record(district=a.district, kind=AuditKind.SIGN_IN, actor=Actor(user=a.coach.user))
    url = reverse("audit_log", args=[a.district.slug])
    admin = client_for(a.admin)
    page = admin.get(url, {"kind": AuditKind.VIEW_HOURS}).content.decode()
    assert "Viewed PL hours" in page and "Signed in" not in page.split("<tbody>")[1]
    by_person = admin.get(url, {"person": a.teacher.educator.last_name}).content.decode()
    assert "Viewed PL hours" in by_person
    nobody = admin.get(url, {"person": "zzz-nobody"}).content.decode()
    assert "No event matches" in nobody
    dated = admin.get(url, {"date_to": "2020-01-01"}).content.decode()
    assert "No event matches" in dated
    bad = admin.get(url, {"date_from": "not-a-date"})
    assert bad.status_code == 200
    csv = admin.get(url, {"format": "csv", "kind": AuditKind.VIEW_HOURS}).content.decode()
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("when,what,who,whose_records")
    assert a.teacher.educator.full_name in csv
    for role in ("principal", "coach", "teacher", "teacher2", "viewer"):
        assert client_for(a.member(role)).get(url).status_code == 403


@pytest.mark.django_db
def test_a_teacher_sees_who_opened_their_records(records, client_for):
    a = records.a
    client_for(a.principal).get(
        reverse("walkthrough_detail", args=[a.district.slug, a.walkthrough.pk])
    )
    teacher = client_for(a.teacher)
    hours = teacher.get(reverse("my_hours", args=[a.district.slug])).content.decode()
    url = reverse("my_record_views", args=[a.district.slug])
    assert url in hours
    page = teacher.get(url).content.decode()
    assert a.principal.user.first_name in page and "Viewed a walkthrough" in page
    other = client_for(a.teacher2).get(url).content.decode()
    assert "Nobody else has opened your records yet" in other


@pytest.mark.django_db
def test_the_purge_removes_only_events_past_the_retention_period(cast, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    now = timezone.now()

    def event_aged(tenant, days):
        return AuditEvent.objects.create(
            district=tenant.district, kind=AuditKind.SIGN_IN, at=now - timedelta(days=days)
        )

    event_aged(cast.a, 400)
    event_aged(cast.b, 366)
    kept = [event_aged(cast.a, 364), event_aged(cast.b, 10), event_aged(cast.a, 0)]
    assert audit_purge() == 2
    remaining = AuditEvent.objects.values_list("pk", flat=True)  # across districts: test
    assert set(remaining) == {e.pk for e in kept}


@pytest.mark.django_db
def test_the_purge_is_scheduled_daily():
    from config.celery import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["purge-expired-audit-events"]["task"] == "audit.tasks.purge_audit_events"


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


@postgres_only
@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_an_event(cast):
    event = record(district=cast.a.district, kind=AuditKind.SIGN_IN, actor=SYSTEM)
    events_of_a = AuditEvent.objects.for_district(cast.a.district)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events_of_a.filter(pk=event.pk).update(target="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events_of_a.delete()
    assert events_of_a.get().target == ""


@postgres_only
@pytest.mark.django_db
def test_even_a_forged_purge_cannot_delete_a_recent_event(cast):
    event = record(district=cast.a.district, kind=AuditKind.SIGN_IN, actor=SYSTEM)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('coherence.audit_purge_before', %s, true)",
                [(timezone.now() + timedelta(days=1)).isoformat()],
            )
        AuditEvent.objects.for_district(cast.a.district).filter(pk=event.pk).delete()
    assert AuditEvent.objects.for_district(cast.a.district).filter(pk=event.pk).exists()


@postgres_only
@pytest.mark.django_db
def test_a_whole_district_can_go_with_its_trail_when_released(cast):
    record(district=cast.b.district, kind=AuditKind.SIGN_IN, actor=SYSTEM)
    kept = record(district=cast.a.district, kind=AuditKind.SIGN_IN, actor=SYSTEM)
    with transaction.atomic():
        audit_release_district(district=cast.b.district)
        cast.b.district.delete()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [
        kept.pk
    ]  # across districts: test
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        cast.a.district.delete()


@pytest.mark.django_db
def test_reads_through_the_api_are_recorded_like_the_pages(records, api_for):
    a = records.a
    slug = a.district.slug
    principal = api_for(a.principal)
    walkthrough = reverse("api-walkthrough-detail", args=[slug, a.walkthrough.pk])
    assert principal.get(walkthrough).status_code == 200
    assert principal.get(walkthrough + "history/").status_code == 200
    [first, second] = events(a, AuditKind.VIEW_WALKTHROUGH)
    assert {first.subject, second.subject} == {a.teacher.educator}
    admin = api_for(a.admin)
    hours = reverse("api-hours-educator", args=[slug, a.teacher2.educator.pk])
    assert admin.get(hours).status_code == 200
    assert admin.get(reverse("api-ledger-entry-list", args=[slug])).status_code == 200
    assert admin.get(reverse("api-coaching-session-list", args=[slug])).status_code == 200
    viewed = {(e.kind, e.subject_id) for e in AuditEvent.objects.for_district(a.district)}
    assert (AuditKind.VIEW_HOURS, a.teacher2.educator.pk) in viewed
    assert (AuditKind.VIEW_HOURS, a.teacher.educator.pk) in viewed
    assert (AuditKind.VIEW_COACHING, a.teacher.educator.pk) in viewed
    own = api_for(a.teacher).get(reverse("api-hours-me", args=[slug]))
    assert own.status_code == 200
    assert not AuditEvent.objects.for_district(a.district).filter(actor=a.teacher.user).exists()
