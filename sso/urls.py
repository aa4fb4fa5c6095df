from django.urls import path

from sso import views

# Included under /d/<district_slug>/
urlpatterns = [
    path("settings/sign-in/", views.sign_in_settings, name="sign_in_settings"),
    path(
        "settings/sign-in/providers/new/",
        views.identity_provider_edit,
        name="sso_provider_create",
    ),
    path(
        "settings/sign-in/providers/<uuid:sso_provider_id>/",
        views.identity_provider_edit,
        name="sso_provider_edit",
    ),
    path(
        "settings/sign-in/providers/<uuid:sso_provider_id>/delete/",
        views.identity_provider_delete,
        name="sso_provider_delete",
    ),
]
