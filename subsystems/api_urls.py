from rest_framework.routers import SimpleRouter

from subsystems import api

router = SimpleRouter()
router.register("pd-sessions", api.PDSessionViewSet, basename="api-pd-session")
router.register("walkthroughs", api.WalkthroughViewSet, basename="api-walkthrough")
router.register("look-for-sets", api.LookForSetViewSet, basename="api-look-for-set")
router.register("look-fors", api.LookForViewSet, basename="api-look-for")
urlpatterns = router.urls
