"""The cross-tenant probe: every URL, filled with another district's ids, answers 404.

It walks the URL configuration itself, so a URL added later is probed
without anyone remembering to add it here. A URL whose arguments the probe
cannot fill fails the test until it learns them (OBJECT_IDS below).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Tenant

# How to find district B's object for each URL argument.
OBJECT_IDS = {
    "school_id": lambda t: t.school.pk,
    "educator_id": lambda t: t.teacher.educator.pk,
    "membership_id": lambda t: t.teacher.pk,
    "priority_id": lambda t: t.district_priority.pk,
    "team_id": lambda t: t.plc_team.pk,
    "meeting_id": lambda t: t.plc_meeting.pk,
    "session_id": lambda t: t.pd_session.pk,
    "activity_id": lambda t: t.other_activity.pk,
    "entry_id": lambda t: t.manual_entry.pk,
    "ledger_entry_id": lambda t: t.ledger_entry.pk,
    "rollup_id": lambda t: t.rollup.pk,
    "cycle_id": lambda t: t.coaching_cycle.pk,
    "coaching_session_id": lambda t: t.coaching_session.pk,
    "coach_week_id": lambda t: t.coach_week.pk,
    "walkthrough_id": lambda t: t.walkthrough.pk,
    "look_for_set_id": lambda t: t.look_for_set.pk,
    "look_for_id": lambda t: t.look_fors[0].pk,
    "objective_id": lambda t: t.objective.pk,
    "key_result_id": lambda t: t.key_result.pk,
    "goal_id": lambda t: t.school_goal.pk,
    "material_id": lambda t: t.material.pk,
    "unit_id": lambda t: t.unit.pk,
    "group_id": lambda t: t.intervention_group.pk,
    "check_in_id": lambda t: t.check_in.pk,
    "report_id": lambda t: t.report.pk,
    "year_id": lambda t: t.school_year.pk,
    "key": lambda t: "nctm-8",  # a starter library: the same in every district
    "sso_provider_id": lambda t: t.identity_provider.pk,
    "export_id": lambda t: t.export.pk,
    "notice_id": lambda t: t.notice.pk,
}

# URL arguments that name something global, not one district's object.
GLOBAL_ARGUMENTS = {"key"}

# URLs a district admin is refused (403) even in their own district, and why.
ADMIN_REFUSED = {
    "walkthrough_calibrate": "only the coach who co-observed records their own ratings",
}

# URLs about the member's own educator record: the probing admin has none, so 404 there.
OWN_RECORD = {
    "api-hours-me": "the admin is not an educator: there are no hours of their own",
}

# URLs outside any district: they hold no tenant data.
NON_TENANT = {
    "home",
    "healthz",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "api-schema",
    "api-docs",
    "api_token",  # the person's own token, across their districts
    "api-token",
    # The installation's operator area: superusers only, counts of districts, no records.
    "operator_districts",
    "operator_district_create",
    "operator_district",
    "operator_district_reopen",
    # Signing in, before any district is known: the login page, finding one's district by
    # e-mail, and single sign-on's start and return (the URL names the provider, whose
    # district the sign-in is then checked against).
    "sso_find_district",
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "account_login",
    "socialaccount_signup",
    "socialaccount_connections",
}

# URLs outside any district that a signed token opens without a login: the token names the
# member and the district, and a token that was not made here (or was altered) is 404.
SIGNED = {
    "unsubscribe": "tests/notices/test_email.py: test_a_forged_or_altered_unsubscribe_link_is_404",
}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def tenant_patterns():
    found = []
    for route, pattern in all_patterns():
        if "district_slug" in route:
            found.append((route, pattern))
    return found


def test_every_url_is_named_and_either_tenant_scoped_or_known_global():
    for route, pattern in all_patterns():
        assert pattern.name, f"{route} has no name; the probe needs one"
        if "district_slug" not in route:
            assert pattern.name in NON_TENANT | set(SIGNED), (
                f"{route} ({pattern.name}) is outside /d/<district>/: put it under a district "
                "or add it to NON_TENANT if it holds no tenant data"
            )


def test_probe_covers_many_urls():
    # Guard against the walk silently finding nothing.
    assert len(tenant_patterns()) >= 20


def _kwargs_for(route: str, pattern: URLPattern, tenant: Tenant) -> dict:
    names = [n for n in pattern.pattern.regex.groupindex if n != "district_slug"]
    names += [n for n in _prefix_names(route) if n not in names and n != "district_slug"]
    kwargs = {}
    for name in names:
        assert name in OBJECT_IDS, f"The probe cannot fill <{name}> of {route}; teach OBJECT_IDS"
        kwargs[name] = OBJECT_IDS[name](tenant)
    return kwargs


def _prefix_names(route: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def _request(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


@pytest.fixture
def probe(cast, client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    from dashboard.models import BoardReport
    from districts.models import SchoolYear
    from notices.models import Kind, Topic
    from notices.services import notice_send
    from pl_hours.models import LedgerEntry, WeeklyRollup
    from pl_hours.rollups import rollups_recompute
    from portability.models import DistrictExport
    from sso.models import IdentityProvider
    from tests.builders import populate_activities
    from tests.factories import PriorityFactory

    for tenant in (cast.a, cast.b):
        tenant.district_priority = PriorityFactory(district=tenant.district)
        populate_activities(tenant)
        rollups_recompute(district=tenant.district)
        tenant.ledger_entry = LedgerEntry.objects.for_district(tenant.district).first()
        tenant.rollup = WeeklyRollup.objects.for_district(tenant.district).first()
        tenant.report = BoardReport.objects.create(
            district=tenant.district, period="ytd", status="done"
        )
        tenant.report.file.save("probe.pdf", ContentFile(b"%PDF-1.7 probe"))
        tenant.school_year = SchoolYear.objects.for_district(tenant.district).get()
        tenant.export = DistrictExport.objects.create(district=tenant.district, status="done")
        tenant.export.file.save("probe.zip", ContentFile(b"PK probe"))
        tenant.identity_provider = IdentityProvider.objects.create(
            district=tenant.district,
            name="Probe accounts",
            client_id="probe",
            secret_name="SSO_SECRET_PROBE",
        )
        tenant.notice = notice_send(
            district=tenant.district,
            recipient=tenant.admin,
            topic=Topic.REMINDER,
            kind=Kind.REMINDERS,
            title="Probe",
            key="probe",
        )
    client.force_login(cast.a.admin.user)
    return cast, client


@pytest.mark.django_db
def test_other_districts_objects_are_404_in_my_district(probe):
    cast, client = probe
    checked = 0
    for route, pattern in tenant_patterns():
        kwargs = _kwargs_for(route, pattern, cast.b)
        if not set(kwargs) - GLOBAL_ARGUMENTS:
            continue
        url = reverse(pattern.name, kwargs={"district_slug": cast.a.district.slug, **kwargs})
        response = _request(client, url)
        assert response.status_code == 404, f"{url} ({pattern.name}) gave {response.status_code}"
        checked += 1
    assert checked >= 8


@pytest.mark.django_db
def test_a_district_i_do_not_belong_to_is_404(probe):
    cast, client = probe
    for route, pattern in tenant_patterns():
        kwargs = _kwargs_for(route, pattern, cast.b)
        url = reverse(pattern.name, kwargs={"district_slug": cast.b.district.slug, **kwargs})
        response = _request(client, url)
        assert response.status_code == 404, f"{url} ({pattern.name}) gave {response.status_code}"


@pytest.mark.django_db
def test_my_own_objects_are_reachable(probe):
    """The probe's 404s mean something only if the same URLs work with my own ids."""
    cast, client = probe
    for route, pattern in tenant_patterns():
        kwargs = _kwargs_for(route, pattern, cast.a)
        url = reverse(pattern.name, kwargs={"district_slug": cast.a.district.slug, **kwargs})
        response = client.get(url)
        allowed = (200, 405, 403) if pattern.name in ADMIN_REFUSED else (200, 405)
        if pattern.name in OWN_RECORD:
            allowed = (404,)
        assert response.status_code in allowed, f"{url} gave {response.status_code}"
