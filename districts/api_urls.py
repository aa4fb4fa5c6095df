from django.urls import path
from rest_framework.routers import SimpleRouter

from districts import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("schools", api.SchoolViewSet, basename="api-school")
router.register("educators", api.EducatorViewSet, basename="api-educator")
router.register("memberships", api.MembershipViewSet, basename="api-membership")
router.register("priorities", api.PriorityViewSet, basename="api-priority")
router.register("school-years", api.SchoolYearViewSet, basename="api-school-year")
urlpatterns = [
    path("settings/", api.DistrictSettingsView.as_view(), name="api-settings"),
    path("roster-imports/", api.RosterImportView.as_view(), name="api-roster-import"),
    *router.urls,
]
