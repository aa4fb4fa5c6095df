"""Single sign-on end to end: Chromium, this app (live server), allauth, and a real OpenID
Connect provider on a loopback port — no part of the protocol is mocked."""

import uuid
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount

from audit.models import AuditEvent, AuditKind
from districts.models import User
from sso.models import IdentityProvider, ProviderKind, SignInSettings
from tests.browser import oidc
from tests.browser.conftest import LAUNCH_ARGS, screenshot, serious_violations
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Fixed ids, so the provider knows the callback addresses before the districts exist.
PROVIDER_A = uuid.UUID("8a0f6a52-52c1-4c53-9a53-5c0e5f6c2a01")
PROVIDER_B = uuid.UUID("8a0f6a52-52c1-4c53-9a53-5c0e5f6c2b02")
SECRET_VARIABLE = "SSO_SECRET_TEST_IDP"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
assert "--no-sandbox" in LAUNCH_ARGS


@pytest.fixture(autouse=True)
def _today():
    """No travel in time here: the provider signs its tokens with the real clock, and allauth
    checks them against ours (a token from six hours "ago" has expired)."""
    yield


@pytest.fixture(scope="session")
def idp(live_server):
    callbacks = [
        f"{live_server.url}/sso/oidc/{pk}/login/callback/" for pk in (PROVIDER_A, PROVIDER_B)
    ]
    provider = oidc.start(
        callbacks, client_id="coherence-test", client_secret=f"test-secret-{uuid.uuid4()}"
    )
    yield provider
    provider.stop()


@pytest.fixture
def sso(cast, idp, settings, monkeypatch):
    """District A signs in through the test provider and allows a.example.org; so does B,
    for b.example.org."""
    settings.SSO_ALLOW_LOOPBACK_HTTP = True
    monkeypatch.setenv(SECRET_VARIABLE, idp.client_secret)
    for tenant, pk, domain in (
        (cast.a, PROVIDER_A, "a.example.org"),
        (cast.b, PROVIDER_B, "b.example.org"),
    ):
        IdentityProvider.objects.create(
            pk=pk,
            district=tenant.district,
            kind=ProviderKind.OIDC,
            name=f"{tenant.district.name} accounts",
            client_id=idp.client_id,
            secret_name=SECRET_VARIABLE,
            issuer=idp.issuer,
        )
        SignInSettings.objects.create(district=tenant.district, allowed_domains=domain)
    return cast


@pytest.fixture
def page(browser):
    """A fresh context per test (no cookie of this app or of the provider carries over), and
    nothing but this machine reachable."""
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    blocked = []

    def loopback_only(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", loopback_only)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not blocked, f"pages tried to reach other hosts: {blocked}"


def sign_in_at_provider(page, button: str, email: str | None) -> None:
    page.get_by_role("button", name=button).click()
    if email is None:  # the provider remembers the person: straight back
        page.wait_for_load_state("load")
        return
    page.wait_for_selector("#email")
    assert "/interaction/" in page.url  # the provider's own page, on its own port
    page.fill("#email", email)
    page.click("#submit")
    page.wait_for_load_state("load")


def test_a_member_signs_in_with_their_district_account(sso, idp, page, live_server):
    a = sso.a
    idp.add_users({"email": "teacher@a.example.org", "email_verified": True, "name": "Teacher A"})
    page.goto(f"{live_server.url}/d/{a.district.slug}/hours/me/")
    assert "/accounts/login/" in page.url
    button = f"Sign in with {a.district.name} accounts"
    assert page.get_by_role("button", name=button).is_visible()
    assert serious_violations(page) == []
    screenshot(page, "sign-in-with-district-account")

    sign_in_at_provider(page, button, "teacher@a.example.org")
    assert page.url == f"{live_server.url}/d/{a.district.slug}/hours/me/"
    assert page.get_by_role("button", name="Log out").is_visible()
    user = a.teacher.user
    link = SocialAccount.objects.get(user=user)
    assert link.provider == str(PROVIDER_A)
    user.refresh_from_db()
    assert user.has_usable_password()  # signing in with the district account wipes nothing
    signed_in = AuditEvent.objects.for_district(a.district).filter(kind=AuditKind.SIGN_IN)
    assert "single sign-on" in signed_in.get(actor=user).target

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/d/{a.district.slug}/hours/me/")
    sign_in_at_provider(page, button, None)
    assert page.url == f"{live_server.url}/d/{a.district.slug}/hours/me/"
    assert SocialAccount.objects.filter(user=user).count() == 1


def refused(page) -> str:
    return page.locator("#refused").get_attribute("data-code")


def test_an_address_of_a_domain_the_district_does_not_allow_is_refused(sso, idp, page, live_server):
    a = sso.a
    # Teacher B's roster address is a real one, but of district B's domain.
    idp.add_users({"email": "teacher@b.example.org", "email_verified": True})
    page.goto(f"{live_server.url}/d/{a.district.slug}/dashboard/")
    sign_in_at_provider(page, f"Sign in with {a.district.name} accounts", "teacher@b.example.org")
    assert refused(page) == "domain"
    assert not SocialAccount.objects.exists()
    page.goto(f"{live_server.url}/d/{a.district.slug}/dashboard/")
    assert "/accounts/login/" in page.url  # still nobody


def test_an_unverified_address_is_refused(sso, idp, page, live_server):
    a = sso.a
    idp.add_users({"email": "teacher2@a.example.org", "email_verified": False})
    page.goto(f"{live_server.url}/d/{a.district.slug}/dashboard/")
    sign_in_at_provider(page, f"Sign in with {a.district.name} accounts", "teacher2@a.example.org")
    assert refused(page) == "unverified"
    assert not SocialAccount.objects.exists()


def test_someone_without_a_membership_is_told_whom_to_ask_and_gets_no_account(
    sso, idp, page, live_server
):
    a = sso.a
    users_before = User.objects.count()
    idp.add_users({"email": "newcomer@a.example.org", "email_verified": True})
    page.goto(f"{live_server.url}/d/{a.district.slug}/dashboard/")
    sign_in_at_provider(page, f"Sign in with {a.district.name} accounts", "newcomer@a.example.org")
    assert refused(page) == "unknown"
    assert page.get_by_role("heading", name="You cannot sign in here yet").is_visible()
    text = page.inner_text("main")
    assert "Ask your district's math coordinator at District A" in text
    assert "No account was created" in text
    assert serious_violations(page) == []
    screenshot(page, "sign-in-refused-unknown")
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    failed = AuditEvent.objects.for_district(a.district).get(kind=AuditKind.SIGN_IN_FAILED)
    assert "newcomer@a.example.org" in failed.target and failed.actor is None


def test_a_partner_of_two_districts_still_chooses_the_district(sso, idp, page, live_server):
    a, b = sso.a, sso.b
    partner = a.viewer.user
    partner.email = "partner@a.example.org"
    partner.save()
    MembershipFactory(district=b.district, user=partner, role="viewer")
    idp.add_users({"email": "partner@a.example.org", "email_verified": True})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Your school e-mail address").fill("partner@a.example.org")
    page.get_by_role("button", name="Find my district's sign-in").click()
    assert serious_violations(page) == []
    sign_in_at_provider(page, f"Sign in with {a.district.name} accounts", "partner@a.example.org")
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("link", name=a.district.name).is_visible()
    assert page.get_by_role("link", name=b.district.name).is_visible()


def test_a_district_that_turned_passwords_off_refuses_its_members_password(
    sso, page, live_server, login
):
    a = sso.a
    SignInSettings.objects.for_district(a.district).update(password_sign_in=False)
    login(page, a.teacher.user.username, PASSWORD)
    assert "/accounts/login/" in page.url
    assert "signs you in with its own accounts" in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "password-sign-in-refused")
    # A member of another district that still allows passwords gets in.
    login(page, sso.b.teacher.user.username, PASSWORD)
    assert "/accounts/login/" not in page.url
