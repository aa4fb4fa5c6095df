"""How a district's people sign in: its identity providers (OpenID Connect: Google Workspace,
Microsoft Entra ID, or any OIDC provider such as Clever or ClassLink), the e-mail domains
they vouch for, and whether a password still opens the door.

No secret is stored here: a provider names the environment variable (or the file in
``SSO_SECRETS_DIR``) that holds its client secret, and the secret is read when a sign-in
starts, never shown back.
"""

from typing import Self

from django.core.validators import RegexValidator
from django.db import models

from districts.models import TenantModel, TenantQuerySet


class ProviderKind(models.TextChoices):
    GOOGLE = "google", "Google Workspace"
    MICROSOFT = "microsoft", "Microsoft 365 (Entra ID)"
    OIDC = "oidc", "Other OpenID Connect provider (Clever, ClassLink, …)"


GOOGLE_ISSUER = "https://accounts.google.com"
MICROSOFT_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"
# A client secret is read only from variables with this prefix, so a provider's settings
# can never send another of the application's secrets to an identity provider.
SECRET_PREFIX = "SSO_SECRET_"

domain_list_validator = RegexValidator(
    r"(?i)^\s*([a-z0-9-]+(\.[a-z0-9-]+)+)(\s*[,\s]\s*[a-z0-9-]+(\.[a-z0-9-]+)+)*\s*$",
    "List domains such as riverside.k12.ca.us, separated by commas or spaces.",
)


def parse_domains(text: str) -> list[str]:
    return sorted({d.strip().lower() for d in text.replace(",", " ").split() if d.strip()})


class SignInSettings(TenantModel):
    """A district's sign-in rules (one row per district; none means the defaults)."""

    allowed_domains = models.CharField(
        "e-mail domains",
        max_length=500,
        blank=True,
        validators=[domain_list_validator],
        help_text="Single sign-on accepts verified addresses of these domains only, "
        "separated by commas or spaces (riverside.k12.ca.us, riverside.org).",
    )
    password_sign_in = models.BooleanField(
        "members may sign in with a password",
        default=True,
        help_text="Off: people whose districts all sign in through single sign-on cannot "
        "use a password.",
    )

    class Meta:
        verbose_name = "sign-in settings"
        verbose_name_plural = "sign-in settings"
        constraints = [
            models.UniqueConstraint(fields=["district"], name="signinsettings_one_per_district"),
        ]

    def __str__(self) -> str:
        return f"Sign-in settings of {self.district_id}"

    @property
    def domains(self) -> list[str]:
        return parse_domains(self.allowed_domains)


class IdentityProviderQuerySet(TenantQuerySet["IdentityProvider"]):
    def enabled(self) -> Self:
        return self.filter(enabled=True)


class IdentityProvider(TenantModel):
    """One OpenID Connect client the district registered with its identity provider."""

    kind = models.CharField(max_length=20, choices=ProviderKind, default=ProviderKind.GOOGLE)
    name = models.CharField(
        "button label",
        max_length=80,
        help_text="What the sign-in button says after “Sign in with”, e.g. Riverside Google.",
    )
    client_id = models.CharField("client ID", max_length=255)
    secret_name = models.CharField(
        "client secret variable",
        max_length=100,
        validators=[
            RegexValidator(
                rf"^{SECRET_PREFIX}[A-Z0-9_]+$",
                f"Name an environment variable that starts with {SECRET_PREFIX}, in capitals, "
                f"digits and _ (e.g. {SECRET_PREFIX}RIVERSIDE_GOOGLE).",
            )
        ],
        help_text="The environment variable (or file in the secrets folder) holding the "
        "client secret. The secret itself is never entered or shown here.",
    )
    issuer = models.URLField(
        blank=True,
        max_length=300,
        help_text="Other OpenID Connect providers only: the issuer URL (its "
        "/.well-known/openid-configuration is read from there).",
    )
    tenant = models.CharField(
        "Entra tenant ID",
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9.-]+$", "Use the directory's ID or domain.")],
        help_text="Microsoft only: your directory (tenant) ID, never “common”.",
    )
    enabled = models.BooleanField(default=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="identityprovider_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def issuer_url(self) -> str:
        if self.kind == ProviderKind.GOOGLE:
            return GOOGLE_ISSUER
        if self.kind == ProviderKind.MICROSOFT:
            return MICROSOFT_ISSUER.format(tenant=self.tenant)
        return self.issuer.rstrip("/")
