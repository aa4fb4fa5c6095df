from rest_framework.routers import SimpleRouter

from districts import api

# Included under /api/v1/d/<district_slug>/
router = SimpleRouter()
router.register("schools", api.SchoolViewSet, basename="api-school")
router.register("educators", api.EducatorViewSet, basename="api-educator")
router.register("memberships", api.MembershipViewSet, basename="api-membership")
router.register("priorities", api.PriorityViewSet, basename="api-priority")
urlpatterns = router.urls
