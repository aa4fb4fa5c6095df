"""Vision & leadership: the vision, objectives, key results and check-ins, school goals."""

from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import DESCRIPTION_TEXT, KEY_RESULT_VALUE, NOTE_TEXT, text_limit
from districts.models import School, TenantModel


class Vision(TenantModel):
    """The district's math vision statement: what every other record links back to."""

    statement = models.TextField(max_length=NOTE_TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district"], name="vision_one_per_district"),
            text_limit("statement", NOTE_TEXT, "vision_statement_length"),
        ]

    def __str__(self) -> str:
        return self.statement[:60]


class ObjectiveLevel(models.TextChoices):
    DISTRICT = "district", "District"
    SCHOOL = "school", "School"


class Objective(TenantModel):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    level = models.CharField(max_length=20, choices=ObjectiveLevel, default=ObjectiveLevel.DISTRICT)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a school objective.",
    )
    priority = models.ForeignKey("districts.Priority", on_delete=models.RESTRICT, related_name="+")
    owner = models.ForeignKey(
        "districts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person who answers for it.",
    )
    school_year = models.ForeignKey(
        "districts.SchoolYear",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The school year it is for; a new year carries it over or closes it.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "title"]
        indexes = [models.Index(fields=["district", "priority"], name="objective_priority")]
        constraints = [text_limit("description", DESCRIPTION_TEXT, "objective_description_length")]

    def __str__(self) -> str:
        return self.title


# A key result is kept when it was checked in within this many days: the vision indicator
# counts those, and its owner is reminded once it is not.
CHECK_IN_DAYS = 30


class Direction(models.TextChoices):
    INCREASE = "increase", "Increase"
    DECREASE = "decrease", "Decrease"


class Confidence(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


class KeyResult(TenantModel):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=200)
    baseline = models.DecimalField(
        max_digits=12, decimal_places=2, validators=KEY_RESULT_VALUE.validators()
    )
    target = models.DecimalField(
        max_digits=12, decimal_places=2, validators=KEY_RESULT_VALUE.validators()
    )
    unit = models.CharField(max_length=40, blank=True, help_text="For example hours, %, visits.")
    direction = models.CharField(max_length=10, choices=Direction, default=Direction.INCREASE)
    due_date = models.DateField()
    measure = models.CharField(
        max_length=80,
        blank=True,
        help_text="Leave empty to check in by hand; or pick a figure the system already "
        "knows, and the weekly job checks it in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "title"]
        constraints = [
            KEY_RESULT_VALUE.check("baseline", "keyresult_baseline_bounds"),
            KEY_RESULT_VALUE.check("target", "keyresult_target_bounds"),
        ]

    def __str__(self) -> str:
        return self.title


class CheckIn(TenantModel):
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=KEY_RESULT_VALUE.validators()
    )
    confidence = models.CharField(max_length=20, choices=Confidence, default=Confidence.ON_TRACK)
    note = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    measured = models.BooleanField(default=False, help_text="Checked in by the weekly job.")
    recorded_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["district", "key_result", "date"], name="checkin_kr_date")]
        constraints = [
            KEY_RESULT_VALUE.check("value", "checkin_value_bounds"),
            text_limit("note", DESCRIPTION_TEXT, "checkin_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.date}"


class SchoolGoal(TenantModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    priorities = models.ManyToManyField(
        "districts.Priority", through="SchoolGoalPriority", related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "title"]
        constraints = [text_limit("description", DESCRIPTION_TEXT, "schoolgoal_description_length")]

    def __str__(self) -> str:
        return self.title


class SchoolGoalPriority(TenantModel):
    goal = models.ForeignKey(SchoolGoal, on_delete=models.CASCADE, related_name="+")
    priority = models.ForeignKey("districts.Priority", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "goal", "priority"], name="schoolgoalpriority_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} → {self.priority_id}"
