from django.db import models

from districts.models import (
    Educator,
    Membership,
    Position,
    Role,
    School,
    TenantModel,
    TenantQuerySet,
)
from pl_hours.models import PLActivity


class PDFormat(models.TextChoices):
    FULL_DAY = "full_day", "Full day"
    HALF_DAY = "half_day", "Half day"
    AFTER_SCHOOL = "after_school", "After school"
    SUMMER_INSTITUTE = "summer_institute", "Summer institute"
    ONLINE = "online", "Online course"
    OTHER = "other", "Other"


class PDSessionQuerySet(TenantQuerySet):
    def visible_to(self, membership: Membership) -> "PDSessionQuerySet":
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
    description = models.TextField(blank=True)
    attendees = models.ManyToManyField(Educator, through="PDAttendance", related_name="+")

    objects = PDSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["district", "date"], name="pdsession_district_date")]

    def __str__(self) -> str:
        return self.title


class PDAttendance(TenantModel):
    session = models.ForeignKey(PDSession, on_delete=models.CASCADE, related_name="attendance")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    attended_minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["educator__last_name", "educator__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "session", "educator"], name="pdattendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} at {self.session_id}"


# --- School leadership: look-fors and walkthroughs ------------------------------------------


class LookForSet(TenantModel):
    """A walkthrough form: the look-fors an observer rates on one visit."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="lookforset_unique_name"),
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
        blank=True, help_text="What an observer would see or hear when it is evident."
    )
    priority = models.ForeignKey(
        "districts.Priority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "look_for_set", "title"], name="lookfor_unique_title"
            ),
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


class WalkthroughQuerySet(TenantQuerySet):
    def visible_to(self, membership: Membership) -> "WalkthroughQuerySet":
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
    duration_minutes = models.PositiveSmallIntegerField("minutes in the room", default=15)
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
    notes = models.TextField(blank=True)
    feedback_shared = models.BooleanField("feedback shared with the teacher", default=False)
    feedback_date = models.DateField(null=True, blank=True)
    feedback_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WalkthroughQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["district", "school", "date"], name="walkthrough_school_date"),
            models.Index(fields=["district", "observer", "date"], name="walkthrough_observer"),
        ]

    def __str__(self) -> str:
        who = self.teacher.full_name if self.teacher_id else "learning walk"
        return f"{who}, {self.date:%b %-d, %Y}"


class WalkthroughRating(TenantModel):
    walkthrough = models.ForeignKey(Walkthrough, on_delete=models.CASCADE, related_name="ratings")
    look_for = models.ForeignKey(LookFor, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating, default=Rating.NOT_OBSERVED)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "walkthrough", "look_for"], name="rating_one_per_look_for"
            ),
        ]
        indexes = [models.Index(fields=["district", "look_for"], name="rating_look_for")]

    def __str__(self) -> str:
        return f"{self.look_for_id}: {self.rating}"


# --- Vision & leadership: the vision, objectives & key results, school goals ---------------


class Vision(TenantModel):
    """The district's math vision statement: what every other record links back to."""

    statement = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district"], name="vision_one_per_district")]

    def __str__(self) -> str:
        return self.statement[:60]


class ObjectiveLevel(models.TextChoices):
    DISTRICT = "district", "District"
    SCHOOL = "school", "School"


class Objective(TenantModel):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
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
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "title"]
        indexes = [models.Index(fields=["district", "priority"], name="objective_priority")]

    def __str__(self) -> str:
        return self.title


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
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
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

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title


class CheckIn(TenantModel):
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    confidence = models.CharField(max_length=20, choices=Confidence, default=Confidence.ON_TRACK)
    note = models.TextField(blank=True)
    measured = models.BooleanField(default=False, help_text="Checked in by the weekly job.")
    recorded_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["district", "key_result", "date"], name="checkin_kr_date")]

    def __str__(self) -> str:
        return f"{self.value} on {self.date}"


class SchoolGoal(TenantModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        "districts.Priority", through="SchoolGoalPriority", related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "title"]

    def __str__(self) -> str:
        return self.title


class SchoolGoalPriority(TenantModel):
    goal = models.ForeignKey(SchoolGoal, on_delete=models.CASCADE, related_name="+")
    priority = models.ForeignKey("districts.Priority", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "goal", "priority"], name="schoolgoalpriority_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} → {self.priority_id}"


# --- Instructional materials & intervention ---------------------------------------------------


class Material(TenantModel):
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    grade_band = models.CharField(max_length=40, help_text="For example K–5 or 6–8.")
    year_adopted = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["grade_band", "name"]

    def __str__(self) -> str:
        return self.name


class Unit(TenantModel):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="units")
    grade = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    planned_start = models.DateField("planned start (week of)")
    planned_end = models.DateField("planned end (week of)")

    class Meta:
        ordering = ["grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "material", "grade", "number"], name="unit_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Grade {self.grade} · Unit {self.number}: {self.title}"


class LedBy(models.TextChoices):
    CLASSROOM_TEACHER = "classroom_teacher", "A classroom teacher"
    INTERVENTIONIST = "interventionist", "An interventionist"
    OTHER = "other", "Someone else"


class InterventionGroup(TenantModel):
    """A math intervention group. Students are counted, never named."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=20)
    name = models.CharField(
        max_length=120,
        help_text="Name it by what it works on (for example “Grade 4 fractions”), "
        "never by its students.",
    )
    led_by = models.CharField(max_length=30, choices=LedBy, default=LedBy.INTERVENTIONIST)
    lead_educator = models.ForeignKey(
        Educator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    student_count = models.PositiveSmallIntegerField("number of students")
    minutes_per_week = models.PositiveSmallIntegerField()
    uses_core_representations = models.BooleanField(
        "uses the core curriculum's representations and strategies", default=False
    )
    collaboration_minutes_per_month = models.PositiveSmallIntegerField(
        "collaboration with the classroom teacher (minutes a month)", default=0
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school__name", "grade", "name"]

    def __str__(self) -> str:
        return self.name


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
