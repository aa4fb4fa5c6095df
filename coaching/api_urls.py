from rest_framework.routers import SimpleRouter

from coaching import api

router = SimpleRouter()
router.register("coaching-cycles", api.CoachingCycleViewSet, basename="api-coaching-cycle")
router.register("coaching-sessions", api.CoachingSessionViewSet, basename="api-coaching-session")
router.register("coach-weeks", api.CoachWeekViewSet, basename="api-coach-week")
urlpatterns = router.urls
