"""School leadership support: look-fors, walkthroughs and their ratings."""

from typing import Self

from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import (
    DESCRIPTION_TEXT,
    NOTE_TEXT,
    ORDER,
    REFLECTION_TEXT,
    WALKTHROUGH_MINUTES,
    text_limit,
)
from districts.models import (
    Educator,
    Membership,
    Position,
    Role,
    School,
    TenantModel,
    TenantQuerySet,
)


class LookForSet(TenantModel):
    """A walkthrough form: the look-fors an observer rates on one visit."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0, validators=ORDER.validators())

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="lookforset_unique_name"),
            ORDER.check("order", "lookforset_order_bounds"),
            text_limit("description", DESCRIPTION_TEXT, "lookforset_description_length"),
        ]

    def __str__(self) -> str:
        return self.name


class LookFor(TenantModel):
    """An observable classroom practice, tied to the district priority it serves."""

    look_for_set = models.ForeignKey(
        LookForSet, on_delete=models.CASCADE, related_name="look_fors", verbose_name="form"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True,
        max_length=DESCRIPTION_TEXT,
        help_text="What an observer would see or hear when it is evident.",
    )
    priority = models.ForeignKey(
        "districts.Priority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0, validators=ORDER.validators())
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "look_for_set", "title"], name="lookfor_unique_title"
            ),
            ORDER.check("order", "lookfor_order_bounds"),
            text_limit("description", DESCRIPTION_TEXT, "lookfor_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class Rating(models.TextChoices):
    NOT_OBSERVED = "not_observed", "Not observed"
    EMERGING = "emerging", "Emerging"
    EVIDENT = "evident", "Evident"


LEADER_OR_COACH = (
    Position.PRINCIPAL,
    Position.ASSISTANT_PRINCIPAL,
    Position.COACH,
    Position.DISTRICT_STAFF,
)


class WalkthroughQuerySet(TenantQuerySet["Walkthrough"]):
    def visible_to(self, membership: Membership) -> Self:
        """Walkthrough notes are personnel data: the teacher observed, the observers,
        that school's leaders and district admins; never other teachers or viewers."""
        qs = self.for_district(membership.district)
        if membership.role == Role.DISTRICT_ADMIN:
            return qs
        mine = models.Q(observer=membership.educator_id) | models.Q(
            co_observer=membership.educator_id
        )
        if membership.role == Role.SCHOOL_LEADER:
            return qs.filter(models.Q(school__in=membership.school_ids()) | mine)
        if membership.role == Role.COACH and membership.educator_id:
            return qs.filter(mine)
        if membership.role == Role.TEACHER and membership.educator_id:
            return qs.filter(teacher=membership.educator_id)
        return qs.none()


class Walkthrough(TenantModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    observer = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(
        Educator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="teacher observed",
        help_text="Leave empty for a learning walk through several classrooms.",
    )
    date = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        "minutes in the room", default=15, validators=WALKTHROUGH_MINUTES.validators()
    )
    math_specific = models.BooleanField("math lesson", default=True)
    co_observer = models.ForeignKey(
        Educator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="co-observer (coach)",
    )
    look_for_set = models.ForeignKey(
        LookForSet, on_delete=models.RESTRICT, related_name="+", verbose_name="form"
    )
    same_visit_as = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calibrations",
        help_text="The other observer's record of the same visit, for calibration.",
    )
    notes = models.TextField(blank=True, max_length=NOTE_TEXT)
    feedback_shared = models.BooleanField("feedback shared with the teacher", default=False)
    feedback_date = models.DateField(null=True, blank=True)
    feedback_note = models.TextField(blank=True, max_length=NOTE_TEXT)
    feedback_delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the feedback reached the teacher (in the app)."
    )
    feedback_acknowledged_at = models.DateTimeField(null=True, blank=True)
    teacher_reflection = models.TextField(
        "the teacher's reflection", blank=True, max_length=REFLECTION_TEXT
    )
    recorded_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WalkthroughQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["district", "school", "date"], name="walkthrough_school_date"),
            models.Index(fields=["district", "observer", "date"], name="walkthrough_observer"),
        ]
        constraints = [
            WALKTHROUGH_MINUTES.check("duration_minutes", "walkthrough_minutes_bounds"),
            text_limit("notes", NOTE_TEXT, "walkthrough_notes_length"),
            text_limit("feedback_note", NOTE_TEXT, "walkthrough_feedback_length"),
            text_limit("teacher_reflection", REFLECTION_TEXT, "walkthrough_reflection_length"),
        ]

    def __str__(self) -> str:
        who = self.teacher.full_name if self.teacher_id else "learning walk"
        return f"{who}, {self.date:%b %-d, %Y}"


class WalkthroughRating(TenantModel):
    walkthrough = models.ForeignKey(Walkthrough, on_delete=models.CASCADE, related_name="ratings")
    look_for = models.ForeignKey(LookFor, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating, default=Rating.NOT_OBSERVED)
    evidence = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "walkthrough", "look_for"], name="rating_one_per_look_for"
            ),
            text_limit("evidence", DESCRIPTION_TEXT, "rating_evidence_length"),
        ]
        indexes = [models.Index(fields=["district", "look_for"], name="rating_look_for")]

    def __str__(self) -> str:
        return f"{self.look_for_id}: {self.rating}"
