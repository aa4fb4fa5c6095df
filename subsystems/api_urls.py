from rest_framework.routers import SimpleRouter

from subsystems import api, plan_api

router = SimpleRouter()
router.register("pd-sessions", api.PDSessionViewSet, basename="api-pd-session")
router.register("walkthroughs", api.WalkthroughViewSet, basename="api-walkthrough")
router.register("look-for-sets", api.LookForSetViewSet, basename="api-look-for-set")
router.register("look-fors", api.LookForViewSet, basename="api-look-for")
router.register("objectives", plan_api.ObjectiveViewSet, basename="api-objective")
router.register("key-results", plan_api.KeyResultViewSet, basename="api-key-result")
router.register("check-ins", plan_api.CheckInViewSet, basename="api-check-in")
router.register("school-goals", plan_api.SchoolGoalViewSet, basename="api-school-goal")
router.register("materials", plan_api.MaterialViewSet, basename="api-material")
router.register("units", plan_api.UnitViewSet, basename="api-unit")
router.register(
    "intervention-groups", plan_api.InterventionGroupViewSet, basename="api-intervention-group"
)
urlpatterns = router.urls
