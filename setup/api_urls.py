from django.urls import path
from rest_framework.routers import SimpleRouter

from setup import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("libraries", api.LibraryViewSet, basename="api-library")
urlpatterns = [
    path("rollover/", api.RolloverView.as_view(), name="api-rollover"),
    *router.urls,
]
