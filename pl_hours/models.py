"""The PL-hours ledger, its weekly rollups, and the activities recorded here.

The ledger knows no activity type: each activity app hands it rows through
``pl_hours.ledger.ledger_regenerate_for``, keyed by (source kind, source id).
"""

import operator
from functools import reduce

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import ACTIVITY_MINUTES, MANUAL_ENTRY_MINUTES, Bound
from districts.models import Educator, Priority, School, TenantModel, TenantQuerySet
from pl_hours.rules import CATEGORIES, Category


class SourceKind(models.TextChoices):
    PLC_MEETING = "plc_meeting", "PLC meeting"
    PD_SESSION = "pd_session", "Pull-out PD session"
    COACHING_SESSION = "coaching_session", "Coaching session"
    STAFF_MEETING = "staff_meeting", "Staff meeting"
    CURRICULUM_SESSION = "curriculum_session", "Curriculum session"
    OTHER = "other", "Other PL"
    MANUAL = "manual", "Manual entry"


SPLIT_FIELDS = {category: f"minutes_{category}" for category in CATEGORIES}


def activity_checks(name: str, bound: Bound) -> list[models.CheckConstraint]:
    """An activity's minutes within their bound, and its time-use split adding up to them."""
    split_total = reduce(operator.add, (models.F(field) for field in SPLIT_FIELDS.values()))
    return [
        bound.check("minutes", f"{name}_minutes_bounds"),
        models.CheckConstraint(
            condition=models.Q(minutes=split_total), name=f"{name}_split_adds_up"
        ),
    ]


class PLActivity(TenantModel):
    """The shape every PL activity shares: when, how long, about what, how time was used."""

    date = models.DateField()
    minutes = models.PositiveIntegerField(validators=ACTIVITY_MINUTES.validators())
    math_specific = models.BooleanField("math-specific", default=True)
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_logistics = models.PositiveIntegerField("logistics", default=0)
    minutes_pacing = models.PositiveIntegerField("pacing", default=0)
    minutes_surface_strategies = models.PositiveIntegerField("surface-level strategies", default=0)
    minutes_unfocused_talk = models.PositiveIntegerField("unfocused instructional talk", default=0)
    minutes_instructional_planning = models.PositiveIntegerField(
        "instructional planning tied to lessons", default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def split(self) -> dict[str, int]:
        return {category: getattr(self, field) for category, field in SPLIT_FIELDS.items()}

    @split.setter
    def split(self, split: dict[str, int]) -> None:
        for category, field in SPLIT_FIELDS.items():
            setattr(self, field, split.get(category) or 0)

    @property
    def meaningful_share(self) -> float:
        if not self.math_specific or not self.minutes:
            return 0.0
        return self.minutes_instructional_planning / self.minutes


class LedgerEntry(models.Model):
    """Minutes of one category that one educator received from one activity."""

    id = models.BigAutoField(primary_key=True)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="ledger")
    source_kind = models.CharField(max_length=30, choices=SourceKind)
    source_id = models.UUIDField()
    source_title = models.CharField(max_length=200)
    date = models.DateField()
    week_start = models.DateField()
    category = models.CharField(max_length=30, choices=Category)
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    math_specific = models.BooleanField()
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "ledger entries"
        ordering = ["-date", "source_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "source_kind", "source_id", "educator", "category"],
                name="ledger_one_row_per_source_educator_category",
            ),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="ledger_minutes_gt_0"),
        ]
        indexes = [
            models.Index(fields=["district", "week_start"], name="ledger_district_week"),
            # An educator's ledger, and the rollup recompute's "any rows left?" check.
            models.Index(
                fields=["district", "educator", "week_start"], name="ledger_district_educator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} {self.date} {self.category} {self.minutes}"

    @property
    def meaningful(self) -> bool:
        return self.math_specific and self.category == Category.INSTRUCTIONAL_PLANNING


class WeeklyRollup(models.Model):
    """One educator's PL minutes in one week, recomputed from the ledger with SQL."""

    id = models.BigAutoField(primary_key=True)
    # Derived data, rewritten in bulk: no index on district or school alone (the
    # composite indexes lead with them).
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="rollups")
    week_start = models.DateField()
    total_minutes = models.PositiveIntegerField(default=0)
    math_minutes = models.PositiveIntegerField(default=0)
    meaningful_minutes = models.PositiveIntegerField(default=0)
    aligned_minutes = models.PositiveIntegerField(default=0)
    logistics_minutes = models.PositiveIntegerField(default=0)
    pacing_minutes = models.PositiveIntegerField(default=0)
    surface_strategies_minutes = models.PositiveIntegerField(default=0)
    unfocused_talk_minutes = models.PositiveIntegerField(default=0)
    instructional_planning_minutes = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "educator", "week_start"], name="rollup_one_per_educator_week"
            ),
        ]
        indexes = [
            models.Index(fields=["district", "week_start"], name="rollup_district_week"),
            models.Index(fields=["district", "school", "week_start"], name="rollup_school_week"),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} week of {self.week_start}"


class OtherKind(models.TextChoices):
    STAFF_MEETING = SourceKind.STAFF_MEETING.value, SourceKind.STAFF_MEETING.label
    CURRICULUM_SESSION = SourceKind.CURRICULUM_SESSION.value, SourceKind.CURRICULUM_SESSION.label
    OTHER = SourceKind.OTHER.value, SourceKind.OTHER.label


class OtherActivity(PLActivity):
    """A staff meeting, curriculum session or other PL, with its attendees."""

    kind = models.CharField(max_length=30, choices=OtherKind, default=OtherKind.STAFF_MEETING)
    title = models.CharField(max_length=200)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for a district-wide activity.",
    )
    attendees = models.ManyToManyField(
        Educator, through="OtherAttendance", related_name="+", blank=True
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "other PL activities"
        indexes = [models.Index(fields=["district", "date"], name="otheractivity_district_date")]
        constraints = activity_checks("otheractivity", ACTIVITY_MINUTES)

    def __str__(self) -> str:
        return self.title


class OtherAttendance(TenantModel):
    activity = models.ForeignKey(OtherActivity, on_delete=models.CASCADE, related_name="attendance")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    attended_minutes = models.PositiveIntegerField(validators=ACTIVITY_MINUTES.validators())

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "activity", "educator"], name="otherattendance_unique"
            ),
            ACTIVITY_MINUTES.check("attended_minutes", "otherattendance_minutes_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} at {self.activity_id}"


class ManualEntry(TenantModel):
    """PL recorded elsewhere (a conference, a course), entered by hand for one educator."""

    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    description = models.CharField(max_length=200)
    minutes = models.PositiveIntegerField(validators=MANUAL_ENTRY_MINUTES.validators())
    category = models.CharField(max_length=30, choices=Category)
    math_specific = models.BooleanField("math-specific", default=True)
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [MANUAL_ENTRY_MINUTES.check("minutes", "manualentry_minutes_bounds")]
        verbose_name_plural = "manual entries"

    def __str__(self) -> str:
        return self.description


class SchoolWeekRollup(models.Model):
    """A school's week: the sums of its math teachers' and interventionists' rollups.

    Derived from WeeklyRollup in the same recompute, so the dashboard and the board
    report sum a few rows per school instead of every educator-week.
    """

    id = models.BigAutoField(primary_key=True)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)
    week_start = models.DateField()
    total_minutes = models.PositiveIntegerField(default=0)
    math_minutes = models.PositiveIntegerField(default=0)
    meaningful_minutes = models.PositiveIntegerField(default=0)
    aligned_minutes = models.PositiveIntegerField(default=0)
    logistics_minutes = models.PositiveIntegerField(default=0)
    pacing_minutes = models.PositiveIntegerField(default=0)
    surface_strategies_minutes = models.PositiveIntegerField(default=0)
    unfocused_talk_minutes = models.PositiveIntegerField(default=0)
    instructional_planning_minutes = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school", "week_start"], name="schoolweek_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} week of {self.week_start}"
