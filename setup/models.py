from django.db import models

from districts.models import TenantModel, User


class LibraryAdoption(TenantModel):
    """A starter library the district adopted (copied into its own records) and when."""

    key = models.CharField(max_length=40)
    adopted_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["adopted_at"]
        constraints = [
            models.UniqueConstraint(fields=["district", "key"], name="libraryadoption_unique")
        ]

    def __str__(self) -> str:
        return self.key
