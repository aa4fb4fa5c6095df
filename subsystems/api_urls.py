from rest_framework.routers import SimpleRouter

from subsystems import api

router = SimpleRouter()
router.register("pd-sessions", api.PDSessionViewSet, basename="api-pd-session")
urlpatterns = router.urls
