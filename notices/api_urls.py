from rest_framework.routers import SimpleRouter

from notices import api

router = SimpleRouter()
router.register("notices", api.NoticeViewSet, basename="api-notice")
urlpatterns = router.urls
