"""A district's sign-in rules and identity providers, on the Settings page and the API: the
secret is never entered nor shown, bad values are refused with the field named, and only
district admins reach them."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent, AuditKind
from sso.adapter import DistrictSocialAccountAdapter, social_app
from sso.models import IdentityProvider, ProviderKind, SignInSettings
from sso.selectors import password_sign_in_refused
from tests.factories import PASSWORD, MembershipFactory

SECRET = "s3cret-value-never-shown"


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("SSO_SECRET_A_GOOGLE", SECRET)


def provider(tenant, **fields):
    values = {
        "kind": ProviderKind.GOOGLE,
        "name": "Google",
        "client_id": "client-a.apps.googleusercontent.com",
        "secret_name": "SSO_SECRET_A_GOOGLE",
        **fields,
    }
    return IdentityProvider.objects.create(district=tenant.district, **values)


@pytest.mark.django_db
def test_the_settings_page_shows_the_callback_and_whether_the_secret_is_set_not_the_secret(
    cast, client_for, secret
):
    google = provider(cast.a)
    page = client_for(cast.a.admin).get(reverse("sign_in_settings", args=["district-a"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"/sso/oidc/{google.pk}/login/callback/" in text
    assert "set on the server" in text and SECRET not in text


@pytest.mark.django_db
def test_an_admin_adds_a_provider_and_sets_the_rules_on_the_page(cast, client_for, secret):
    client = client_for(cast.a.admin)
    new = reverse("sso_provider_create", args=["district-a"])
    response = client.post(
        new,
        {
            "kind": "microsoft",
            "name": "Riverside Microsoft",
            "client_id": "abc",
            "secret_name": "SSO_SECRET_A_MS",
            "tenant": "common",
            "enabled": "on",
        },
    )
    assert response.status_code == 400
    assert "any Microsoft directory" in response.content.decode()
    response = client.post(
        new,
        {
            "kind": "microsoft",
            "name": "Riverside Microsoft",
            "client_id": "abc",
            "secret_name": "SSO_SECRET_A_MS",
            "tenant": "0b5f3c3e-1111-4222-8333-944455556666",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    made = IdentityProvider.objects.for_district(cast.a.district).get()
    assert made.issuer_url.startswith("https://login.microsoftonline.com/0b5f3c3e")
    rules = reverse("sign_in_settings", args=["district-a"])
    response = client.post(rules, {"allowed_domains": "A.example.org, a2.example.org"})
    assert response.status_code == 302
    saved = SignInSettings.objects.for_district(cast.a.district).get()
    assert saved.domains == ["a.example.org", "a2.example.org"] and saved.password_sign_in is False
    kinds = AuditEvent.objects.for_district(cast.a.district).filter(
        kind=AuditKind.SIGN_IN_SETTINGS, actor=cast.a.admin.user
    )
    assert kinds.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"secret_name": "SECRET_KEY"}, "secret_name", "SSO_SECRET_"),
        ({"kind": "oidc", "issuer": "http://idp.example.org"}, "issuer", "https://"),
        ({"kind": "oidc", "issuer": ""}, "issuer", "issuer URL"),
        ({"kind": "microsoft", "tenant": "organizations"}, "tenant", "tenant ID"),
        ({"name": "x" * 81}, "name", "no more than 80"),
    ],
)
def test_the_api_refuses_bad_providers_with_the_field(cast, api_for, fields, field, words):
    url = reverse("api-identity-provider-list", args=["district-a"])
    body = {
        "kind": "google",
        "name": "Google",
        "client_id": "id",
        "secret_name": "SSO_SECRET_A_GOOGLE",
        **fields,
    }
    response = api_for(cast.a.admin).post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()[field])


@pytest.mark.django_db
def test_the_api_shows_providers_without_their_secret_and_edits_the_rules(cast, api_for, secret):
    api = api_for(cast.a.admin)
    url = reverse("api-identity-provider-list", args=["district-a"])
    created = api.post(
        url,
        {
            "kind": "google",
            "name": "Google",
            "client_id": "id",
            "secret_name": "SSO_SECRET_A_GOOGLE",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["secret_configured"] is True
    listed = api.get(url)
    assert SECRET not in listed.content.decode() and "secret" not in listed.json()["results"][0]
    rules = reverse("api-sign-in-settings", args=["district-a"])
    assert api.get(rules).json() == {"allowed_domains": "", "password_sign_in": True}
    bad = api.patch(rules, {"allowed_domains": "not a domain!"}, format="json")
    assert bad.status_code == 400 and "allowed_domains" in bad.json()
    done = api.patch(
        rules, {"allowed_domains": "a.example.org", "password_sign_in": False}, format="json"
    )
    assert done.status_code == 200, done.content
    assert done.json() == {"allowed_domains": "a.example.org", "password_sign_in": False}
    gone = api.delete(
        reverse("api-identity-provider-detail", args=["district-a", created.json()["id"]])
    )
    assert gone.status_code == 400  # the only way in, with passwords off


@pytest.mark.django_db
def test_passwords_cannot_be_turned_off_before_a_provider_exists(cast, api_for):
    rules = reverse("api-sign-in-settings", args=["district-a"])
    response = api_for(cast.a.admin).patch(rules, {"password_sign_in": False}, format="json")
    assert response.status_code == 400
    assert "identity provider" in response.json()["password_sign_in"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["principal", "coach", "teacher", "viewer"])
def test_only_admins_configure_sign_in(cast, client_for, api_for, role):
    google = provider(cast.a)
    member = cast.a.member(role)
    for name, args in (
        ("sign_in_settings", []),
        ("sso_provider_create", []),
        ("sso_provider_edit", [google.pk]),
    ):
        assert client_for(member).get(reverse(name, args=["district-a", *args])).status_code == 403
    api = api_for(member)
    assert api.get(reverse("api-sign-in-settings", args=["district-a"])).status_code == 403
    assert api.get(reverse("api-identity-provider-list", args=["district-a"])).status_code == 403


@pytest.mark.django_db
def test_a_password_is_refused_only_when_every_district_of_the_person_turned_them_off(
    cast, client, secret
):
    provider(cast.a)
    SignInSettings.objects.create(district=cast.a.district, password_sign_in=False)
    teacher = cast.a.teacher.user
    assert password_sign_in_refused(teacher)
    response = client.post(reverse("login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "signs you in with its own accounts" in response.content.decode()
    failed = AuditEvent.objects.for_district(cast.a.district).get(kind=AuditKind.SIGN_IN_FAILED)
    assert failed.actor == teacher
    # Also a member of district B, which still allows passwords: gets in.
    MembershipFactory(district=cast.b.district, user=teacher, role="viewer")
    assert not password_sign_in_refused(teacher)
    response = client.post(reverse("login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_allauth_sees_one_district_app_at_a_time_and_only_with_its_secret(cast, monkeypatch):
    a_google = provider(cast.a)
    adapter = DistrictSocialAccountAdapter()
    assert (
        adapter.list_apps(None) == [] and adapter.list_apps(None, provider="openid_connect") == []
    )
    assert adapter.list_apps(None, provider=str(a_google.pk)) == []  # no secret on this server
    monkeypatch.setenv("SSO_SECRET_A_GOOGLE", SECRET)
    [app] = adapter.list_apps(None, provider=str(a_google.pk))
    assert app.provider_id == str(a_google.pk) and app.secret == SECRET
    assert app.settings["server_url"] == "https://accounts.google.com"
    assert app.settings["oauth_pkce_enabled"] is True
    a_google.enabled = False
    assert social_app(a_google) is None


@pytest.mark.django_db
def test_the_secret_can_come_from_a_secrets_folder(cast, settings, tmp_path):
    from sso.secrets import client_secret

    settings.SSO_SECRETS_DIR = str(tmp_path)
    (tmp_path / "SSO_SECRET_FROM_FILE").write_text("from-the-store\n")
    assert client_secret("SSO_SECRET_FROM_FILE") == "from-the-store"
    (tmp_path / "DATABASE_URL").write_text("postgres://x")
    assert client_secret("DATABASE_URL") is None  # only SSO_SECRET_ names are read


@pytest.mark.django_db
def test_finding_a_district_by_e_mail_offers_its_buttons(cast, client, secret):
    provider(cast.a)
    SignInSettings.objects.create(district=cast.a.district, allowed_domains="a.example.org")
    url = reverse("sso_find_district")
    found = client.post(url, {"email": "someone@a.example.org"}).content.decode()
    assert "Sign in with Google" in found
    none = client.post(url, {"email": "someone@elsewhere.org"}).content.decode()
    assert "No district signs in with accounts of that domain" in none
    assert client.post(url, {"email": "nope"}).status_code == 400
