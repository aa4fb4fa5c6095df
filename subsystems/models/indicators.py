"""The district's own goals for the alignment indicators."""

from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import RATE
from districts.models import TenantModel


class IndicatorGoal(TenantModel):
    """A district's own goal for one alignment indicator (the registry holds the defaults)."""

    key = models.CharField(max_length=60)
    goal = models.DecimalField(max_digits=8, decimal_places=2, validators=RATE.validators())

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "key"], name="indicatorgoal_unique"),
            RATE.check("goal", "indicatorgoal_goal_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ≥ {self.goal}"
