"""The district's own goals for the alignment indicators."""

from django.db import models

from districts.models import TenantModel


class IndicatorGoal(TenantModel):
    """A district's own goal for one alignment indicator (the registry holds the defaults)."""

    key = models.CharField(max_length=60)
    goal = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "key"], name="indicatorgoal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ≥ {self.goal}"
