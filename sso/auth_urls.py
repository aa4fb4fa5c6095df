"""Sign-in URLs outside any district: the login page, finding one's district, and the few
allauth views single sign-on needs (not its sign-up, e-mail or password pages)."""

from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import path
from django.views.generic import RedirectView

from sso import views

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/find-district/", views.find_district, name="sso_find_district"),
    path("sso/oidc/<str:provider_id>/login/", oidc_views.login, name="openid_connect_login"),
    path(
        "sso/oidc/<str:provider_id>/login/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
    path(
        "sso/login/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"
    ),
    path("sso/login/error/", social_views.login_error, name="socialaccount_login_error"),
    # allauth sends people to its own login page by these names: ours is the one.
    path(
        "sso/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="account_login",
    ),
    path("sso/signup/", RedirectView.as_view(pattern_name="login"), name="socialaccount_signup"),
    path(
        "sso/connections/",
        RedirectView.as_view(pattern_name="home"),
        name="socialaccount_connections",
    ),
]
