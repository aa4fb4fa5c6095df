"""django-allauth, bent to a district's rules: single sign-on for people who already have a
membership, never a new account.

- Each district's identity providers become allauth OpenID Connect apps on the fly, one per
  provider, its id in the callback URL (``/sso/oidc/<id>/login/callback/``).
- A person is matched to a membership of *that provider's district* by an e-mail address
  the provider marks verified (``email_verified``; Microsoft Entra ID says so with the
  ``xms_edov`` claim) whose domain the district allows, against their login's or roster
  record's e-mail. The first match links the provider's account (its ``sub``) to the login;
  later sign-ins find it by that link and are checked again.
- Anyone else gets a page saying why and whom to ask, and no account is made. Refusals are
  written to the district's audit trail.

Why not allauth's own ``SOCIALACCOUNT_EMAIL_AUTHENTICATION``: it does a similar lookup but
resets the password of any login whose address is not an allauth ``EmailAddress`` row —
every login here — and knows nothing of districts or domains.
"""

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.shortcuts import render

from audit.models import AuditKind
from audit.services import record
from districts.signals import Actor, client_address
from sso import selectors
from sso.models import IdentityProvider, ProviderKind
from sso.secrets import client_secret

logger = logging.getLogger(__name__)

REASONS = {
    "unverified": "Your identity provider did not confirm that this e-mail address is yours.",
    "domain": "Your e-mail address is not one of the domains this district signs in with.",
    "unknown": "There is no one with this e-mail address in the district.",
    "ambiguous": "More than one person in the district has this e-mail address.",
    "inactive": "Your access to this district has ended.",
    "process": "Linking another account is not offered here.",
    "provider": "This sign-in button is no longer configured.",
}


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Logins are made by district admins (People, roster), never by signing up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False


def social_app(provider: IdentityProvider) -> SocialApp | None:
    secret = client_secret(provider.secret_name)
    if not secret or not provider.enabled:
        return None
    return SocialApp(
        provider="openid_connect",
        provider_id=str(provider.pk),
        name=provider.name,
        client_id=provider.client_id,
        secret=secret,
        settings={
            "server_url": provider.issuer_url,
            "oauth_pkce_enabled": True,
            "identity_provider": str(provider.pk),
        },
    )


def refuse(request: Any, provider: IdentityProvider | None, code: str, email: str = "", user=None):
    if provider is not None:
        record(
            district=provider.district,
            kind=AuditKind.SIGN_IN_FAILED,
            actor=Actor(user=user, address=client_address(request)),
            target=f"Single sign-on with {provider.name} refused: {REASONS[code]}"
            + (f" ({email})" if email else ""),
            path=request.path,
        )
    logger.info("Single sign-on refused (%s)", code)
    response = render(
        request,
        "sso/refused.html",
        {
            "code": code,
            "reason": REASONS[code],
            "email": email,
            "sso_district": provider.district if provider else None,
        },
        status=403,
    )
    raise ImmediateHttpResponse(response)


def _claims(sociallogin: Any) -> dict:
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def verified_addresses(sociallogin: Any, provider: IdentityProvider) -> list[str]:
    addresses = [e.email for e in sociallogin.email_addresses if e.verified]
    claims = _claims(sociallogin)
    # Entra ID sends no email_verified; xms_edov says the domain owner verified the address.
    if provider.kind == ProviderKind.MICROSOFT and claims.get("xms_edov") in (True, "true", 1):
        addresses += [claims["email"]] if claims.get("email") else []
    return sorted({a.strip().lower() for a in addresses if a})


class DistrictSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return False

    def list_apps(self, request: Any, provider: Any = None, client_id: Any = None) -> list:
        if provider in (None, "openid_connect"):
            return []  # never a list of every district's apps
        found = selectors.provider_by_id(str(provider))
        app = social_app(found) if found is not None else None
        if app is None or (client_id and app.client_id != client_id):
            return []
        return [app]

    def pre_social_login(self, request: Any, sociallogin: Any) -> None:
        provider = selectors.provider_by_id(
            sociallogin.provider.app.settings.get("identity_provider", "")
        )
        if provider is None:
            refuse(request, None, "provider")
        if sociallogin.state.get("process", "login") != "login":
            refuse(request, provider, "process")
        district = provider.district
        verified = verified_addresses(sociallogin, provider)
        if not verified:
            shown = next((e.email for e in sociallogin.email_addresses), "")
            refuse(request, provider, "unverified", shown)
        domains = selectors.allowed_domains(district)
        in_domain = [a for a in verified if a.rpartition("@")[2] in domains]
        if not in_domain:
            refuse(request, provider, "domain", verified[0])
        members = selectors.members_with_email(district, in_domain)
        if sociallogin.is_existing:  # linked before: still a member, by the same address
            user = sociallogin.user
            if not user.is_active or all(m.user_id != user.pk for m in members):
                refuse(request, provider, "inactive", in_domain[0], user=user)
        else:
            users = {m.user_id: m.user for m in members}
            if not users:
                refuse(request, provider, "unknown", in_domain[0])
            if len(users) > 1:
                refuse(request, provider, "ambiguous", in_domain[0])
            [user] = users.values()
            sociallogin.connect(request, user)
        request.sso_method = f"single sign-on ({provider.name})"

    def on_authentication_error(self, request: Any, provider: Any, **kwargs: Any) -> None:
        logger.warning(
            "Single sign-on failed at the provider: %s %s",
            kwargs.get("error"),
            kwargs.get("exception"),
        )
        return super().on_authentication_error(request, provider, **kwargs)
