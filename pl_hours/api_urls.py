from django.urls import path
from rest_framework.routers import SimpleRouter

from pl_hours import api

router = SimpleRouter()
router.register("other-activities", api.OtherActivityViewSet, basename="api-other-activity")
router.register("manual-entries", api.ManualEntryViewSet, basename="api-manual-entry")
router.register("ledger-entries", api.LedgerEntryViewSet, basename="api-ledger-entry")
router.register("rollups", api.RollupViewSet, basename="api-rollup")
urlpatterns = [
    path("hours/", api.DistrictHoursView.as_view(), name="api-hours"),
    path("hours/me/", api.EducatorHoursView.as_view(), name="api-hours-me"),
    path("hours/schools/<uuid:school_id>/", api.SchoolHoursView.as_view(), name="api-hours-school"),
    path(
        "hours/educators/<uuid:educator_id>/",
        api.EducatorHoursView.as_view(),
        name="api-hours-educator",
    ),
    *router.urls,
]
