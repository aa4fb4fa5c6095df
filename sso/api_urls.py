from django.urls import path
from rest_framework.routers import SimpleRouter

from sso import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("identity-providers", api.IdentityProviderViewSet, basename="api-identity-provider")
urlpatterns = [
    path("sign-in/", api.SignInSettingsView.as_view(), name="api-sign-in-settings"),
    *router.urls,
]
