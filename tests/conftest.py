"""The named cast over two districts, shared by every test.

District A and its mirror district B each have: an admin, a principal (school
leader of ``school``), a coach (for ``school``), two teachers at ``school``, a
viewer, and a second school ``other_school`` with a teacher of its own.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from districts.models import District, Educator, Membership, Position, Role, School
from tests.factories import (
    DistrictFactory,
    EducatorFactory,
    MembershipFactory,
    PriorityFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
)
from tests.mailserver import mailserver  # noqa: F401 (a fixture every test may ask for)


@dataclass
class Tenant:
    district: District
    school: School
    other_school: School
    admin: Membership
    principal: Membership
    coach: Membership
    teacher: Membership
    teacher2: Membership
    viewer: Membership
    other_teacher: Educator

    def member(self, role_name: str) -> Membership:
        return getattr(self, role_name)


@dataclass
class Cast:
    a: Tenant
    b: Tenant


ROLE_NAMES = ("admin", "principal", "coach", "teacher", "teacher2", "viewer")


def build_tenant(label: str) -> Tenant:
    district = DistrictFactory(slug=f"district-{label}", name=f"District {label.upper()}")
    SchoolYearFactory(district=district)
    PriorityFactory(district=district, title=f"Reasoning ({label})")
    school = SchoolFactory(district=district, code=f"{label}-1", name=f"{label.upper()} School 1")
    other_school = SchoolFactory(
        district=district, code=f"{label}-2", name=f"{label.upper()} School 2"
    )

    def person(name, role, position=None, schools=(), at=school):
        educator = (
            EducatorFactory(
                district=district,
                school=at,
                position=position,
                first_name=name.capitalize(),
                last_name=label.upper(),
                email=f"{name}@{label}.example.org",
            )
            if position
            else None
        )
        user = UserFactory(username=f"{label}-{name}", first_name=name.capitalize())
        return MembershipFactory(
            district=district, user=user, role=role, educator=educator, schools=list(schools)
        )

    return Tenant(
        district=district,
        school=school,
        other_school=other_school,
        admin=person("admin", Role.DISTRICT_ADMIN),
        principal=person("principal", Role.SCHOOL_LEADER, Position.PRINCIPAL, [school]),
        coach=person("coach", Role.COACH, Position.COACH, [school], at=None),
        teacher=person("teacher", Role.TEACHER, Position.TEACHER),
        teacher2=person("teacher2", Role.TEACHER, Position.TEACHER),
        viewer=person("viewer", Role.VIEWER),
        other_teacher=EducatorFactory(school=other_school, email=f"other@{label}.example.org"),
    )


@pytest.fixture
def cast(db) -> Cast:
    return Cast(a=build_tenant("a"), b=build_tenant("b"))


# The day every test runs on (tests that need another day travel to it): the cast's school
# year is 2026–27, so a test's "today" never depends on when the suite runs.
TODAY = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def travel():
    """Move the clock to another day for the rest of the test: ``travel(date(2027, 6, 30))``."""
    started = []

    def go(day):
        when = datetime.combine(day, time(15, 0), tzinfo=ZoneInfo("America/Chicago"))
        traveller = time_machine.travel(when, tick=True)
        traveller.start()
        started.append(traveller)

    yield go
    for traveller in reversed(started):
        traveller.stop()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The real cache (Redis when REDIS_URL is set), with keys of this test's own: counts
    # such as rate limits start from nothing in every test.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def client_for(client):
    """Log the test client in as a membership's user."""

    def login(membership: Membership):
        client.force_login(membership.user)
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(membership: Membership):
        api = APIClient()
        api.force_authenticate(membership.user)
        return api

    return login


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process in tests, except where a test asks for the real worker."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def world(cast) -> Cast:
    """The cast with one of every activity in both districts, rolled up."""
    from pl_hours.rollups import rollups_recompute
    from tests.builders import populate_activities

    for tenant in (cast.a, cast.b):
        populate_activities(tenant)
        rollups_recompute(district=tenant.district)
    return cast
