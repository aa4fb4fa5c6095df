from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404
from districts.permissions import ADMIN
from districts.signals import Actor
from districts.web import form_page
from sso import selectors, services
from sso.forms import FindDistrictForm, IdentityProviderForm, PasswordSignInForm, SignInSettingsForm
from sso.models import IdentityProvider
from sso.secrets import client_secret


def allow_sign_in_forms(response, buttons):
    """The sign-in buttons' forms redirect to the providers: let the CSP allow that."""
    origins = sorted({button.origin for button in buttons or ()})
    if origins:
        response._csp_update = {"form-action": origins}
    return response


class SignInView(LoginView):
    """The password form, and the sign-in buttons of the district the visitor is headed to."""

    authentication_form = PasswordSignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district = selectors.district_of_path(self.get_redirect_url() or "")
        context["sso_buttons"] = selectors.buttons_for([district] if district else [])
        context["find_form"] = FindDistrictForm()
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return allow_sign_in_forms(response, context["sso_buttons"])


def find_district(request):
    """Which sign-in buttons an e-mail address's district offers."""
    form = FindDistrictForm(request.POST or None)
    buttons = None
    if request.method == "POST" and form.is_valid():
        buttons = selectors.buttons_for(selectors.districts_for_email(form.cleaned_data["email"]))
    response = render(
        request,
        "sso/find_district.html",
        {"form": form, "buttons": buttons, "next": request.POST.get("next", "")},
        status=400 if form.errors else 200,
    )
    return allow_sign_in_forms(response, buttons)


# --- Settings: sign-in ------------------------------------------------------------------------


@district_view(*ADMIN)
def sign_in_settings(request):
    district = request.district
    current = services.sign_in_settings_of(district)
    form = SignInSettingsForm(request.POST or None, instance=current, district=district)
    providers = IdentityProvider.objects.for_district(district)
    return form_page(
        request,
        form,
        lambda data: services.sign_in_settings_save(
            district=district, actor=Actor.of(request), **data
        ),
        title="Sign-in",
        back="sign_in_settings",
        template="sso/settings.html",
        success="Sign-in settings saved.",
        context={
            "providers": [
                {
                    "provider": p,
                    "secret_ready": bool(client_secret(p.secret_name)),
                    "callback": request.build_absolute_uri(
                        reverse("openid_connect_callback", kwargs={"provider_id": str(p.pk)})
                    ),
                }
                for p in providers
            ],
        },
    )


@district_view(*ADMIN)
def identity_provider_edit(request, sso_provider_id=None):
    district = request.district
    provider = (
        get_for_district_or_404(IdentityProvider, district, sso_provider_id)
        if sso_provider_id
        else None
    )
    form = IdentityProviderForm(request.POST or None, instance=provider, district=district)
    return form_page(
        request,
        form,
        lambda data: services.identity_provider_save(
            district=district, identity_provider=provider, actor=Actor.of(request), **data
        ),
        title=f"Edit {provider}" if provider else "Add an identity provider",
        back="sign_in_settings",
        template="sso/provider_form.html",
        success="Identity provider saved. Register its callback address with the provider.",
        context={
            "provider": provider,
            "delete_url": reverse("sso_provider_delete", args=[district.slug, provider.pk])
            if provider
            else None,
        },
    )


@require_POST
@district_view(*ADMIN)
def identity_provider_delete(request, sso_provider_id):
    district = request.district
    provider = get_for_district_or_404(IdentityProvider, district, sso_provider_id)
    try:
        services.identity_provider_delete(
            district=district, identity_provider=provider, actor=Actor.of(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed {provider.name}.")
    return redirect("sign_in_settings", district_slug=district.slug)
