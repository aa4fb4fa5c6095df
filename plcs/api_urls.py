from rest_framework.routers import SimpleRouter

from plcs import api

router = SimpleRouter()
router.register("plc-teams", api.PLCTeamViewSet, basename="api-plc-team")
router.register("plc-meetings", api.PLCMeetingViewSet, basename="api-plc-meeting")
urlpatterns = router.urls
