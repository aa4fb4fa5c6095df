from rest_framework.routers import SimpleRouter

from portability import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("exports", api.DistrictExportViewSet, basename="api-district-export")
urlpatterns = router.urls
