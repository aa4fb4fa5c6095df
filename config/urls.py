from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.views import PasswordResetView, healthz
from districts import api as district_api
from districts import views as district_views
from notices import views as notice_views

urlpatterns = [
    path("", district_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("sso.auth_urls")),
    path("accounts/api-token/", district_views.api_token, name="api_token"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("operator/", include("setup.operator_urls")),
    path("d/<slug:district_slug>/", include("setup.urls")),
    # A signed link in every e-mail: no login, no district in the path (the token names both).
    path("unsubscribe/<str:token>/", notice_views.unsubscribe, name="unsubscribe"),
    path("d/<slug:district_slug>/", include("districts.urls")),
    path("d/<slug:district_slug>/", include("audit.urls")),
    path("d/<slug:district_slug>/", include("sso.urls")),
    path("d/<slug:district_slug>/", include("pl_hours.urls")),
    path("d/<slug:district_slug>/", include("plcs.urls")),
    path("d/<slug:district_slug>/", include("coaching.urls")),
    path("d/<slug:district_slug>/", include("subsystems.urls")),
    path("d/<slug:district_slug>/", include("dashboard.urls")),
    path("d/<slug:district_slug>/", include("portability.urls")),
    path("d/<slug:district_slug>/", include("notices.urls")),
    path("api/v1/d/<slug:district_slug>/", include("districts.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("setup.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("sso.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("pl_hours.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("plcs.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("coaching.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("subsystems.api_urls")),
    path("api/v1/token/", district_api.TokenView.as_view(), name="api-token"),
    path("api/v1/d/<slug:district_slug>/", include("portability.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("dashboard.api_urls")),
    path("api/v1/d/<slug:district_slug>/", include("notices.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "config.views.bad_request"
