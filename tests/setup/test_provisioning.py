"""An installation's operator creates a district (a command or the operator area), its
first admin is invited by e-mail; operators rename and suspend districts without seeing
their records, and everything they do is logged."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from districts.models import District, Membership, OperatorAction, Role, User
from subsystems.indicators.registry import REGISTRY
from subsystems.models import IndicatorGoal


@pytest.mark.django_db
def test_the_command_creates_a_district_and_invites_its_first_admin(
    settings, client, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://coherence.example.org"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "district_create",
            "--slug=northfield",
            "--name=Northfield Schools",
            "--time-zone=America/Denver",
            "--admin-email=Coordinator@Northfield.example.org",
            stdout=out,
        )
    district = District.objects.get(slug="northfield")
    assert district.time_zone == "America/Denver" and district.pl_target_hours == 49
    goals = dict(IndicatorGoal.objects.for_district(district).values_list("key", "goal"))
    assert goals == {key: ind.default_goal for key, ind in REGISTRY.items()}
    admin = Membership.objects.for_district(district).get()
    assert admin.role == Role.DISTRICT_ADMIN
    assert admin.user.email == "coordinator@northfield.example.org"
    assert not admin.user.has_usable_password()
    (message,) = mail.outbox
    assert "Northfield Schools" in message.subject
    assert "https://coherence.example.org/accounts/reset/" in message.body
    # The printed link works too, for an operator without mail to pass on.
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://coherence.example.org/accounts/reset/")
    opened = client.get(link.removeprefix("https://coherence.example.org"), follow=True)
    assert "new_password1" in opened.content.decode()
    assert OperatorAction.objects.get().action == "created"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments, problem",
    [
        (["--slug=North Field"], "slug"),
        (["--slug=district-a"], "exists already"),
        (["--time-zone=Mars/Olympus"], "is not a time zone"),
        (["--admin-email=not-an-address"], "admin_email"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(cast, arguments, problem):
    before = (District.objects.count(), User.objects.count(), OperatorAction.objects.count())
    defaults = {
        "--slug": "northfield",
        "--name": "Northfield",
        "--time-zone": "America/Chicago",
        "--admin-email": "c@northfield.example.org",
    }
    for argument in arguments:
        name, value = argument.split("=", 1)
        defaults[name] = value
    with pytest.raises(CommandError) as refused:
        call_command("district_create", *[f"{k}={v}" for k, v in defaults.items()])
    assert problem in str(refused.value)
    assert (District.objects.count(), User.objects.count(), OperatorAction.objects.count()) == (
        before
    )


OPERATOR_PAGES = [
    ("operator_districts", {}),
    ("operator_district_create", {}),
    ("operator_district", {"slug": "district-a"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "principal", "teacher", "viewer"])
def test_the_operator_area_is_not_there_for_anyone_else(cast, client_for, client, role):
    client = client_for(cast.a.member(role))
    for name, kwargs in OPERATOR_PAGES:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert client.post(reverse("operator_district_reopen", args=["district-a"])).status_code == 404


@pytest.fixture
def operator(db):
    from django.test import Client

    user = User.objects.create_superuser("operator", "ops@example.org", "a long password here")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_operator_creates_renames_suspends_and_reopens_a_district(
    cast, operator, client_for, api_for, django_capture_on_commit_callbacks
):
    listing = operator.get(reverse("operator_districts")).content.decode()
    assert "District A" in listing and "District B" in listing
    assert "teacher@a.example.org" not in listing  # counts only, no records

    with django_capture_on_commit_callbacks(execute=True):
        made = operator.post(
            reverse("operator_district_create"),
            {
                "name": "Hillcrest",
                "slug": "hillcrest",
                "time_zone": "America/New_York",
                "admin_email": "lead@hillcrest.example.org",
            },
        )
    assert made.status_code == 200 and "/accounts/reset/" in made.content.decode()
    assert len(mail.outbox) == 1
    bad = operator.post(
        reverse("operator_district_create"),
        {"name": "Again", "slug": "hillcrest", "time_zone": "UTC", "admin_email": "x@y.org"},
    )
    assert bad.status_code == 400 and "exists already" in bad.content.decode()

    page = reverse("operator_district", args=["district-a"])
    operator.post(page, {"action": "rename", "name": "District A (renamed)"})
    operator.post(page, {"action": "suspend", "reason": "Contract under review"})
    district = District.objects.get(slug="district-a")
    assert district.name == "District A (renamed)" and district.suspended

    member = client_for(cast.a.teacher)
    shut = member.get(reverse("my_hours", args=["district-a"]))
    assert shut.status_code == 403 and "Contract under review" in shut.content.decode()
    api = api_for(cast.a.admin).get(reverse("api-school-list", args=["district-a"]))
    assert api.status_code == 403 and "suspended" in api.json()["detail"]
    assert client_for(cast.b.teacher).get(reverse("my_hours", args=["district-b"])).status_code == (
        200
    )

    operator.post(reverse("operator_district_reopen", args=["district-a"]))
    assert client_for(cast.a.teacher).get(reverse("my_hours", args=["district-a"])).status_code == (
        200
    )
    assert list(OperatorAction.objects.order_by("at").values_list("action", flat=True)) == [
        "created",
        "renamed",
        "suspended",
        "reopened",
    ]
    assert all(a.operator_name == "operator" for a in OperatorAction.objects.all())
