"""Writes of the district's sign-in rules and identity providers (admins only, audited)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditKind
from audit.services import record
from districts.models import District
from districts.signals import SYSTEM, Actor
from sso.models import IdentityProvider, ProviderKind, SignInSettings, parse_domains

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
UNPINNED_TENANTS = {"common", "organizations", "consumers"}


def sign_in_settings_of(district: District) -> SignInSettings:
    """The district's rules (unsaved defaults when it has none yet)."""
    found = SignInSettings.objects.for_district(district).first()
    return found or SignInSettings(district=district)


@transaction.atomic
def sign_in_settings_save(
    *,
    district: District,
    allowed_domains: str,
    password_sign_in: bool,
    actor: Actor = SYSTEM,
) -> SignInSettings:
    current = sign_in_settings_of(district)
    before = (current.domains, current.password_sign_in)
    current.allowed_domains = ", ".join(parse_domains(allowed_domains))
    current.password_sign_in = password_sign_in
    if not password_sign_in and not IdentityProvider.objects.for_district(district).enabled():
        raise ValidationError(
            {
                "password_sign_in": [
                    "Add and enable an identity provider before turning passwords off, "
                    "or nobody could sign in."
                ]
            }
        )
    current.full_clean()
    current.save()
    if before != (current.domains, current.password_sign_in):
        record(
            district=district,
            kind=AuditKind.SIGN_IN_SETTINGS,
            actor=actor,
            target=f"Domains: {', '.join(current.domains) or 'none'}; passwords "
            f"{'allowed' if current.password_sign_in else 'off'}",
        )
    return current


def _check_provider(provider: IdentityProvider) -> None:
    problems: dict[str, list[str]] = {}
    unpinned = not provider.tenant or provider.tenant.lower() in UNPINNED_TENANTS
    if provider.kind == ProviderKind.MICROSOFT and unpinned:
        problems["tenant"] = [
            "Enter your directory's tenant ID: “common” or “organizations” would let "
            "accounts of any Microsoft directory in."
        ]
    if provider.kind == ProviderKind.OIDC:
        if not provider.issuer:
            problems["issuer"] = ["Enter the provider's issuer URL."]
        else:
            parts = urlsplit(provider.issuer)
            loopback_http = parts.scheme == "http" and parts.hostname in LOOPBACK
            if parts.scheme != "https" and not (loopback_http and settings.SSO_ALLOW_LOOPBACK_HTTP):
                problems["issuer"] = ["The issuer must be an https:// address."]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def identity_provider_save(
    *,
    district: District,
    identity_provider: IdentityProvider | None = None,
    actor: Actor = SYSTEM,
    **fields: Any,
) -> IdentityProvider:
    provider = identity_provider or IdentityProvider(district=district)
    if provider.district_id != district.pk:
        raise ValidationError("That identity provider is not in this district.")
    for name, value in fields.items():
        setattr(provider, name, value)
    if provider.kind != ProviderKind.OIDC:
        provider.issuer = ""
    if provider.kind != ProviderKind.MICROSOFT:
        provider.tenant = ""
    provider.full_clean()
    _check_provider(provider)
    provider.save()
    record(
        district=district,
        kind=AuditKind.SIGN_IN_SETTINGS,
        actor=actor,
        target=f"Identity provider {provider.name} "
        f"({provider.get_kind_display()}) {'saved' if provider.enabled else 'saved, disabled'}",
        object_id=provider.pk,
    )
    return provider


@transaction.atomic
def identity_provider_delete(
    *, district: District, identity_provider: IdentityProvider, actor: Actor = SYSTEM
) -> None:
    if identity_provider.district_id != district.pk:
        raise ValidationError("That identity provider is not in this district.")
    rules = sign_in_settings_of(district)
    others = (
        IdentityProvider.objects.for_district(district).enabled().exclude(pk=identity_provider.pk)
    )
    if not rules.password_sign_in and not others.exists():
        raise ValidationError(
            "Passwords are off for this district: turn them on, or add another provider, "
            "before removing its only identity provider."
        )
    record(
        district=district,
        kind=AuditKind.SIGN_IN_SETTINGS,
        actor=actor,
        target=f"Identity provider {identity_provider.name} removed",
        object_id=identity_provider.pk,
    )
    identity_provider.delete()
