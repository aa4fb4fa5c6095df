"""Reads for signing in: which providers a district offers, whose password is refused, which
district an e-mail belongs to, and who a verified address is."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q
from django.urls import reverse

from districts.access import is_uuid
from districts.models import District, Membership, User
from sso.models import IdentityProvider, SignInSettings
from sso.secrets import client_secret


@dataclass(frozen=True)
class SignInButton:
    district: District
    provider: IdentityProvider

    @property
    def label(self) -> str:
        return f"Sign in with {self.provider.name}"

    @property
    def origin(self) -> str:
        """Where the button's form ends up (the provider's sign-in page): the page's CSP must
        allow it as a form action, or the browser stops at the redirect."""
        parts = urlsplit(self.provider.issuer_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def url(self) -> str:
        return reverse("openid_connect_login", kwargs={"provider_id": str(self.provider.pk)})


def ready_providers(district: District) -> list[IdentityProvider]:
    """The district's enabled providers whose client secret this server has."""
    providers = IdentityProvider.objects.for_district(district).enabled()
    return [p for p in providers if client_secret(p.secret_name)]


def buttons_for(districts: list[District]) -> list[SignInButton]:
    return [SignInButton(d, p) for d in districts for p in ready_providers(d)]


def district_of_path(path: str) -> District | None:
    """The district a ``next`` URL leads into (``/d/<slug>/…``), if any."""
    parts = path.split("/")
    if len(parts) > 2 and parts[0] == "" and parts[1] == "d":
        return District.objects.filter(slug=parts[2]).first()
    return None


def districts_for_email(email: str) -> list[District]:
    """Districts whose single sign-on vouches for this address's domain."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return []
    rules = SignInSettings.objects.filter(  # across districts: which one is this domain's
        allowed_domains__icontains=domain
    ).select_related("district")
    return [r.district for r in rules if domain in r.domains]


def password_sign_in_refused(user: User) -> bool:
    """A member of districts that all turned passwords off signs in through them only."""
    district_ids = set(
        Membership.objects.filter(user=user).values_list(  # across districts: their own
            "district_id", flat=True
        )
    )
    if not district_ids:
        return False
    refusing = SignInSettings.objects.filter(  # across districts: the person's districts
        district_id__in=district_ids, password_sign_in=False
    ).count()
    return refusing == len(district_ids)


def members_with_email(district: District, addresses: list[str]) -> list[Membership]:
    """Memberships of the district whose login or roster e-mail is one of ``addresses``."""
    match = Q()
    for address in addresses:
        match |= Q(user__email__iexact=address) | Q(educator__email__iexact=address)
    if not addresses:
        return []
    return list(
        Membership.objects.for_district(district)
        .filter(match, user__is_active=True)
        .select_related("user", "educator")
    )


def allowed_domains(district: District) -> list[str]:
    found = SignInSettings.objects.for_district(district).first()
    return found.domains if found else []


def provider_by_id(provider_id: str) -> IdentityProvider | None:
    """The provider a sign-in URL names (its id), whichever district it is."""
    if not is_uuid(provider_id):
        return None
    return (
        IdentityProvider.objects.filter(pk=provider_id)  # across districts: the URL names it
        .select_related("district")
        .first()
    )
