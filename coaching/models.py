"""Coaching cycles and their sessions, and how coaches spend their week.

Sessions are PL activities: each feeds the ledger of the teachers present.
"""

from typing import Self

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from districts.bounds import (
    COACH_DUTY_MINUTES,
    COACHING_SESSION_MINUTES,
    DESCRIPTION_TEXT,
    NOTE_TEXT,
    REFLECTION_TEXT,
    text_limit,
)
from districts.models import (
    Educator,
    Membership,
    Priority,
    Role,
    School,
    TenantModel,
    TenantQuerySet,
)
from pl_hours.models import PLActivity, activity_checks


class CycleStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETE = "complete", "Complete"


class CoachingCycleQuerySet(TenantQuerySet["CoachingCycle"]):
    def visible_to(self, membership: Membership) -> Self:
        """Coaching records are personnel data: the coach, the teachers in the cycle,
        that school's leaders and district admins; never other teachers or viewers."""
        qs = self.for_district(membership.district)
        if membership.role == Role.DISTRICT_ADMIN:
            return qs
        if membership.role == Role.SCHOOL_LEADER:
            return qs.filter(school__in=membership.school_ids())
        if membership.role == Role.COACH and membership.educator_id:
            return qs.filter(coach=membership.educator_id)
        if membership.role == Role.TEACHER and membership.educator_id:
            return qs.filter(teachers=membership.educator_id).distinct()
        return qs.none()


class CoachingCycle(TenantModel):
    coach = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="cycles_led")
    teachers = models.ManyToManyField(
        Educator, through="CycleTeacher", related_name="coaching_cycles"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    focus = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The district priority this cycle works on.",
    )
    goal = models.TextField(
        max_length=DESCRIPTION_TEXT,
        help_text="What the teachers and coach aim to change in lessons.",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=CycleStatus, default=CycleStatus.ACTIVE)
    next_session_on = models.DateField("next session", null=True, blank=True)
    outcome = models.TextField("outcome note", blank=True, max_length=NOTE_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoachingCycleQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cycle_end_after_start"
            ),
            text_limit("goal", DESCRIPTION_TEXT, "cycle_goal_length"),
            text_limit("outcome", NOTE_TEXT, "cycle_outcome_length"),
        ]
        indexes = [models.Index(fields=["district", "coach", "status"], name="cycle_coach")]

    def __str__(self) -> str:
        return f"{self.coach} · {self.start_date:%b %-d}–{self.end_date:%b %-d, %Y}"


class CycleTeacher(TenantModel):
    cycle = models.ForeignKey(CoachingCycle, on_delete=models.CASCADE, related_name="+")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "cycle", "educator"], name="cycleteacher_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} in {self.cycle_id}"


class SessionKind(models.TextChoices):
    PLANNING = "planning", "Planning"
    MODELLING = "modelling", "Modelling"
    CO_TEACHING = "co_teaching", "Co-teaching"
    OBSERVATION = "observation", "Observation"
    DEBRIEF = "debrief", "Debrief"


class CoachingSessionQuerySet(TenantQuerySet["CoachingSession"]):
    def visible_to(self, membership: Membership) -> Self:
        cycles = CoachingCycle.objects.visible_to(membership)
        return self.for_district(membership.district).filter(cycle__in=cycles)


class CoachingSession(PLActivity):
    cycle = models.ForeignKey(CoachingCycle, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind, default=SessionKind.PLANNING)
    minutes = models.PositiveIntegerField(validators=COACHING_SESSION_MINUTES.validators())
    teachers_present = models.ManyToManyField(Educator, through="SessionTeacher", related_name="+")
    notes = models.TextField(blank=True, max_length=NOTE_TEXT)
    next_steps = models.TextField(blank=True, max_length=NOTE_TEXT)
    shared_with_teachers = models.BooleanField(
        "share the notes and next steps with the cycle's teachers",
        default=False,
        help_text="Each teacher of the cycle receives them in the app and by e-mail, once, and "
        "can acknowledge them with a short reflection.",
    )

    objects = CoachingSessionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["district", "date"], name="coachingsession_date")]
        constraints = [
            *activity_checks("coachingsession", COACHING_SESSION_MINUTES),
            text_limit("notes", NOTE_TEXT, "coachingsession_notes_length"),
            text_limit("next_steps", NOTE_TEXT, "coachingsession_next_steps_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%b %-d, %Y}"


class SessionTeacher(TenantModel):
    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="+")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "session", "educator"], name="sessionteacher_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} at {self.session_id}"


class SessionReceipt(TenantModel):
    """A session's shared notes as one teacher of the cycle received them, and their
    acknowledgement with a short reflection (seen by the coach, that school's leaders and
    district admins, not by the other teachers)."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="receipts")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(blank=True, max_length=REFLECTION_TEXT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "session", "educator"], name="sessionreceipt_unique"
            ),
            text_limit("reflection", REFLECTION_TEXT, "sessionreceipt_reflection_length"),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id} received {self.session_id}"


class Duty(models.TextChoices):
    CYCLES = "cycles", "Coaching cycles"
    PLC_FACILITATION = "plc_facilitation", "PLC facilitation"
    LEADER_SUPPORT = "leader_support", "Supporting principals"
    OWN_LEARNING = "own_learning", "Own learning"
    ADMINISTRATIVE = "administrative", "Administrative or compliance tasks"
    COVERING_CLASSES = "covering_classes", "Covering classes"
    OTHER = "other", "Other"


# Duties that connect coaching to the rest of the system (the "bridge" work).
BRIDGE_DUTIES = (Duty.CYCLES, Duty.PLC_FACILITATION, Duty.LEADER_SUPPORT)
ENTERED_DUTIES = [d for d in Duty.values if d != Duty.CYCLES]


DUTY = COACH_DUTY_MINUTES.validators()


class CoachWeek(TenantModel):
    """Minutes a coach spent on each duty in one week, as the coach entered them.

    Coaching-cycle minutes are not entered: they come from recorded sessions.
    """

    coach = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    plc_facilitation = models.PositiveIntegerField(
        default=0, validators=COACH_DUTY_MINUTES.validators()
    )
    leader_support = models.PositiveIntegerField(
        default=0, validators=COACH_DUTY_MINUTES.validators()
    )
    own_learning = models.PositiveIntegerField(
        default=0, validators=COACH_DUTY_MINUTES.validators()
    )
    administrative = models.PositiveIntegerField(
        default=0, validators=COACH_DUTY_MINUTES.validators()
    )
    covering_classes = models.PositiveIntegerField(
        default=0, validators=COACH_DUTY_MINUTES.validators()
    )
    other = models.PositiveIntegerField(default=0, validators=DUTY)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "coach", "week_start"], name="coachweek_unique"
            ),
            *(COACH_DUTY_MINUTES.check(d, f"coachweek_{d}_bounds") for d in ENTERED_DUTIES),
        ]

    def __str__(self) -> str:
        return f"{self.coach_id} week of {self.week_start}"
