from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models

from audit.models import AuditKind
from audit.services import record
from districts.models import Membership
from districts.signals import Actor, client_address
from sso import selectors
from sso.models import IdentityProvider, SignInSettings

PASSWORDS_OFF = (
    "Your district signs you in with its own accounts, not a password here. "
    "Use your district's sign-in button below."
)


class PasswordSignInForm(AuthenticationForm):
    """Django's login form, which refuses a member whose districts all turned passwords off."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if selectors.password_sign_in_refused(user):
            actor = Actor(user=user, address=client_address(self.request))
            memberships = Membership.objects.filter(user=user)  # across districts: their own
            for membership in memberships.select_related("district", "educator"):
                record(
                    district=membership.district,
                    kind=AuditKind.SIGN_IN_FAILED,
                    actor=actor,
                    subject=membership.educator,
                    target="Password sign-in refused: the district signs in through single sign-on",
                    path=self.request.path,
                )
            raise ValidationError(PASSWORDS_OFF, code="passwords_off")


class FindDistrictForm(forms.Form):
    email = forms.EmailField(
        label="Your school e-mail address",
        max_length=254,
        help_text="We find your district's sign-in button from its domain.",
    )


class SignInSettingsForm(forms.ModelForm):
    class Meta:
        model = SignInSettings
        fields = ["allowed_domains", "password_sign_in"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district

    def validate_unique(self) -> None:
        """The service saves the district's one row; nothing to check here."""


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    class Meta:
        model = IdentityProvider
        fields = ["kind", "name", "client_id", "secret_name", "tenant", "issuer", "enabled"]
        formfield_callback = _https_urls

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        if self.instance.district_id is None and district is not None:
            self.instance.district = district

    def clean(self):
        data = super().clean()
        exists = IdentityProvider.objects.for_district(self.district).filter(name=data.get("name"))
        if self.instance.pk:
            exists = exists.exclude(pk=self.instance.pk)
        if data.get("name") and exists.exists():
            self.add_error("name", "Another provider of the district has this label.")
        return data
