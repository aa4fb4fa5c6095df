"""The pages of the four subsystems that live in this app, each from its own package."""

from django.urls import include, path

urlpatterns = [
    path("", include("subsystems.plan.urls")),
    path("", include("subsystems.leadership.urls")),
    path("", include("subsystems.pd.urls")),
    path("", include("subsystems.materials.urls")),
]
