from rest_framework.routers import SimpleRouter

from pl_hours import api

router = SimpleRouter()
router.register("other-activities", api.OtherActivityViewSet, basename="api-other-activity")
router.register("manual-entries", api.ManualEntryViewSet, basename="api-manual-entry")
router.register("ledger-entries", api.LedgerEntryViewSet, basename="api-ledger-entry")
router.register("rollups", api.RollupViewSet, basename="api-rollup")
urlpatterns = router.urls
