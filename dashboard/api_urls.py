from rest_framework.routers import SimpleRouter

from dashboard import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("reports", api.BoardReportViewSet, basename="api-board-report")
urlpatterns = router.urls
