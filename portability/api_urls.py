from django.urls import path
from rest_framework.routers import SimpleRouter

from portability import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("exports", api.DistrictExportViewSet, basename="api-district-export")
urlpatterns = [
    path("erasures/", api.ErasureView.as_view(), name="api-erasure"),
    *router.urls,
]
