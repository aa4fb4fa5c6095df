from django.urls import path
from rest_framework.routers import SimpleRouter

from subsystems.indicators.api import IndicatorGoalsView
from subsystems.leadership import api as leadership
from subsystems.materials import api as materials
from subsystems.pd import api as pd
from subsystems.plan import api as plan

router = SimpleRouter()
router.register("pd-sessions", pd.PDSessionViewSet, basename="api-pd-session")
router.register("walkthroughs", leadership.WalkthroughViewSet, basename="api-walkthrough")
router.register("look-for-sets", leadership.LookForSetViewSet, basename="api-look-for-set")
router.register("look-fors", leadership.LookForViewSet, basename="api-look-for")
router.register("objectives", plan.ObjectiveViewSet, basename="api-objective")
router.register("key-results", plan.KeyResultViewSet, basename="api-key-result")
router.register("check-ins", plan.CheckInViewSet, basename="api-check-in")
router.register("school-goals", plan.SchoolGoalViewSet, basename="api-school-goal")
router.register("materials", materials.MaterialViewSet, basename="api-material")
router.register("units", materials.UnitViewSet, basename="api-unit")
router.register(
    "intervention-groups", materials.InterventionGroupViewSet, basename="api-intervention-group"
)
urlpatterns = [
    path("indicator-goals/", IndicatorGoalsView.as_view(), name="api-indicator-goals"),
    *router.urls,
]
