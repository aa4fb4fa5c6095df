"""The models of the four subsystems that live in this app, one module each.

Coaching and PLCs have apps of their own; the indicators read all six.
"""

from subsystems.models.indicators import IndicatorGoal
from subsystems.models.leadership import (
    LEADER_OR_COACH,
    LookFor,
    LookForSet,
    Rating,
    Walkthrough,
    WalkthroughRating,
)
from subsystems.models.materials import InterventionGroup, LedBy, Material, Unit
from subsystems.models.pd import PDAttendance, PDFormat, PDSession
from subsystems.models.plan import (
    CHECK_IN_DAYS,
    CheckIn,
    Confidence,
    Direction,
    KeyResult,
    Objective,
    ObjectiveLevel,
    SchoolGoal,
    SchoolGoalPriority,
    Vision,
)

__all__ = [
    "CHECK_IN_DAYS",
    "LEADER_OR_COACH",
    "CheckIn",
    "Confidence",
    "Direction",
    "IndicatorGoal",
    "InterventionGroup",
    "KeyResult",
    "LedBy",
    "LookFor",
    "LookForSet",
    "Material",
    "Objective",
    "ObjectiveLevel",
    "PDAttendance",
    "PDFormat",
    "PDSession",
    "Rating",
    "SchoolGoal",
    "SchoolGoalPriority",
    "Unit",
    "Vision",
    "Walkthrough",
    "WalkthroughRating",
]
