"""Pull-out professional development: sessions and who attended them."""

from typing import Self

from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import ACTIVITY_MINUTES, DESCRIPTION_TEXT, text_limit
from districts.models import Educator, Membership, Role, School, TenantModel, TenantQuerySet
from pl_hours.models import PLActivity, activity_checks


class PDFormat(models.TextChoices):
    FULL_DAY = "full_day", "Full day"
    HALF_DAY = "half_day", "Half day"
    AFTER_SCHOOL = "after_school", "After school"
    SUMMER_INSTITUTE = "summer_institute", "Summer institute"
    ONLINE = "online", "Online course"
    OTHER = "other", "Other"


class PDSessionQuerySet(TenantQuerySet["PDSession"]):
    def visible_to(self, membership: Membership) -> Self:
        """Sessions are not personnel data: every member but a viewer sees the list."""
        qs = self.for_district(membership.district)
        return qs if membership.role != Role.VIEWER else qs.none()


class PDSession(PLActivity):
    """A pull-out professional development session."""

    title = models.CharField(max_length=200)
    format = models.CharField(max_length=30, choices=PDFormat, default=PDFormat.AFTER_SCHOOL)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for a district-wide session.",
    )
    models_practices = models.BooleanField(
        "teachers experience the practices they are asked to use",
        default=False,
        help_text="Participants work on mathematics as learners, the way their students will.",
    )
    description = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    attendees = models.ManyToManyField(Educator, through="PDAttendance", related_name="+")

    objects = PDSessionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["district", "date"], name="pdsession_district_date")]
        constraints = [
            *activity_checks("pdsession", ACTIVITY_MINUTES),
            text_limit("description", DESCRIPTION_TEXT, "pdsession_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class PDAttendance(TenantModel):
    session = models.ForeignKey(PDSession, on_delete=models.CASCADE, related_name="attendance")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    attended_minutes = models.PositiveIntegerField(validators=ACTIVITY_MINUTES.validators())

    history = HistoricalRecords()

    class Meta:
        ordering = ["educator__last_name", "educator__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "session", "educator"], name="pdattendance_unique"
            ),
            ACTIVITY_MINUTES.check("attended_minutes", "pdattendance_minutes_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} at {self.session_id}"
