"""The tenant (District) and what every other app hangs off it.

Every tenant-owned table carries a non-null ``district`` foreign key, leads
its composite indexes and unique constraints with it, and is read through
``for_district()`` / ``visible_to()`` so scoping is explicit and never fails
open.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Self, TypeVar
from zoneinfo import ZoneInfo, available_timezones

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from districts.bounds import DESCRIPTION_TEXT, ORDER, PL_TARGET_HOURS, text_limit


class User(AbstractUser):
    """A person who logs in. Their roles live in Membership, one per district."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


TIME_ZONES = frozenset(available_timezones())

# What the research found, shown beside the district's own target: meaningful math PL
# needed per teacher per year, and what teachers typically get.
RESEARCH_HOURS_NEEDED = Decimal("49")
RESEARCH_HOURS_TYPICAL = Decimal("4.9")


class District(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64,
        default="America/Chicago",
        choices=[(tz, tz) for tz in sorted(available_timezones())],
    )
    pl_target_hours = models.DecimalField(
        "annual PL target (meaningful hours per educator)",
        max_digits=6,
        decimal_places=2,
        default=RESEARCH_HOURS_NEEDED,
        validators=PL_TARGET_HOURS.validators(),
    )
    summer_pl_counts_next_year = models.BooleanField(
        "PL between two school years counts toward the next",
        default=True,
        help_text="Off: PL dated between one school year's end and the next one's start "
        "is refused.",
    )
    suspended_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set by the installation's operator: members cannot open a suspended "
        "district; its data stays.",
    )
    suspended_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [PL_TARGET_HOURS.check("pl_target_hours", "district_target_bounds")]

    def __str__(self) -> str:
        return self.name

    @property
    def suspended(self) -> bool:
        return self.suspended_at is not None

    def today(self) -> date:
        """Today in the district's time zone."""
        return timezone.localdate(timezone=ZoneInfo(self.time_zone))


_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    def for_district(self, district: District | int) -> Self:
        if district is None:
            raise ValueError("for_district() needs a district; refusing to return every tenant.")
        return self.filter(district=district)


class TenantModel(models.Model):
    """Base for every tenant-owned table: a public UUID and the district."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "District admin"
    SCHOOL_LEADER = "school_leader", "School leader"
    COACH = "coach", "Coach"
    TEACHER = "teacher", "Teacher"
    VIEWER = "viewer", "Viewer"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class SchoolYear(TenantModel):
    name = models.CharField(max_length=40, help_text="For example 2026–27.")
    start_date = models.DateField()
    end_date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="schoolyear_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="schoolyear_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["district", "start_date"])]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class BreakWeek(TenantModel):
    """A week (starting Monday) the district marks as a break: not instructional."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="breaks")
    week_start = models.DateField()
    label = models.CharField(max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year", "week_start"], name="breakweek_unique_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label or 'Break'} (week of {self.week_start:%b %-d})"


class GradeBand(models.TextChoices):
    ELEMENTARY = "elementary", "Elementary (K–5)"
    MIDDLE = "middle", "Middle (6–8)"
    HIGH = "high", "High (9–12)"
    K8 = "k8", "K–8"
    OTHER = "other", "Other"


class SchoolQuerySet(TenantQuerySet["School"]):
    def visible_to(self, membership: "Membership") -> Self:
        # School names and aggregates are visible to every member; what differs
        # by role is the personnel data inside a school (see Educator).
        return self.for_district(membership.district)


class School(TenantModel):
    code = models.CharField(
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9._-]+$", "Use letters, digits, dot, dash, _.")],
        help_text="The district's code for the school, used to match imports.",
    )
    name = models.CharField(max_length=200)
    grade_band = models.CharField(max_length=20, choices=GradeBand, default=GradeBand.ELEMENTARY)
    active = models.BooleanField(default=True)

    objects = SchoolQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="school_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    INTERVENTIONIST = "interventionist", "Interventionist"
    COACH = "coach", "Instructional coach"
    PRINCIPAL = "principal", "Principal"
    ASSISTANT_PRINCIPAL = "assistant_principal", "Assistant principal"
    DISTRICT_STAFF = "district_staff", "District staff"
    OTHER = "other", "Other"


LEADER_POSITIONS = (Position.PRINCIPAL, Position.ASSISTANT_PRINCIPAL)
# Whose hours the PL target is about: classroom educators (who teach math).
PARTICIPANT_POSITIONS = (Position.TEACHER, Position.INTERVENTIONIST)


class EducatorQuerySet(TenantQuerySet["Educator"]):
    def visible_to(self, membership: "Membership") -> Self:
        """Personnel records a member may see: never another teacher's, never a viewer."""
        qs = self.for_district(membership.district)
        role = membership.role
        if role == Role.DISTRICT_ADMIN:
            return qs
        if role in (Role.SCHOOL_LEADER, Role.COACH):
            return qs.filter(Q(school__in=membership.school_ids()) | Q(pk=membership.educator_id))
        if role == Role.TEACHER and membership.educator_id:
            return qs.filter(pk=membership.educator_id)
        return qs.none()

    def active(self) -> Self:
        return self.filter(active=True)


class Educator(TenantModel):
    """A member of staff on the district's roster (who may or may not log in)."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    school = models.ForeignKey(
        School,
        # RESTRICT: a school with staff cannot be deleted on its own, but a whole
        # district (schools and staff together) can.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="educators",
        help_text="Leave empty for district-level staff.",
    )
    position = models.CharField(max_length=30, choices=Position, default=Position.TEACHER)
    teaches_math = models.BooleanField(
        default=True, help_text="Teaches mathematics (counts towards math-teacher figures)."
    )
    active = models.BooleanField(default=True)
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="Their first day. Their PL target is pro-rated from the first instructional "
        "week on or after it; empty means they were there before the school year began.",
    )

    objects = EducatorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "email"], name="educator_unique_email"),
        ]
        indexes = [models.Index(fields=["district", "school", "active"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class MembershipQuerySet(TenantQuerySet["Membership"]):
    def visible_to(self, membership: "Membership") -> Self:
        if membership.role == Role.DISTRICT_ADMIN:
            return self.for_district(membership.district)
        return self.for_district(membership.district).filter(pk=membership.pk)


class Membership(TenantModel):
    """A user's role in one district, and the schools that role covers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    # The name this district knows the person by, as its admin wrote it: a login shared
    # with other districts keeps its own name, which this district is never shown.
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role)
    educator = models.ForeignKey(
        Educator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="The person's own roster record, so they see their own hours.",
    )
    schools = models.ManyToManyField(
        School, through="MembershipSchool", related_name="memberships", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["district", "user"], name="membership_unique_user"),
            models.UniqueConstraint(
                fields=["district", "educator"],
                condition=Q(educator__isnull=False),
                name="membership_unique_educator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.get_role_display()} in {self.district_id}"

    @property
    def name(self) -> str:
        """The person as this district knows them: its own name for them, else the e-mail
        address its admin typed."""
        return f"{self.first_name} {self.last_name}".strip() or self.user.email

    def school_ids(self) -> list[uuid.UUID]:
        """The ids of the schools this membership covers (cached per instance)."""
        if not hasattr(self, "_school_ids"):
            self._school_ids = list(
                MembershipSchool.objects.for_district(self.district_id)
                .filter(membership=self)
                .values_list("school_id", flat=True)
            )
        return self._school_ids

    @property
    def is_admin(self) -> bool:
        return self.role == Role.DISTRICT_ADMIN


class MembershipSchool(TenantModel):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)
    school = models.ForeignKey(School, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "membership", "school"], name="membershipschool_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} → {self.school_id}"


class Priority(TenantModel):
    """One of the district's instructional priorities, which every record can serve."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_TEXT)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0, validators=ORDER.validators())

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["district", "title"], name="priority_unique_title"),
            ORDER.check("order", "priority_order_bounds"),
            text_limit("description", DESCRIPTION_TEXT, "priority_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class DirtyWeek(models.Model):
    """A (district, week) whose PL figures must be recomputed from the ledger.

    Marked in the writer's transaction — by every ledger write and by every roster change
    that moves an educator's minutes (school, position, math, active, start) — so nothing
    is lost when the broker is down: the next task or the frequent beat job drains it.
    """

    id = models.BigAutoField(primary_key=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    marked_at = models.DateTimeField()

    objects = TenantQuerySet.as_manager()

    class Meta:
        db_table = "pl_hours_dirtyweek"  # made by pl_hours, where the recompute lives
        constraints = [
            models.UniqueConstraint(fields=["district", "week_start"], name="dirtyweek_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} week of {self.week_start}"


class OperatorAction(models.Model):
    """What an installation's operator did to a district (created, renamed, suspended…).

    Not a tenant table: operators act on districts from outside them, and the log
    outlives a district that is removed.
    """

    at = models.DateTimeField(auto_now_add=True)
    operator = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    operator_name = models.CharField(max_length=150)  # kept if the account is removed
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    district_slug = models.CharField(max_length=60)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.operator_name} {self.action} {self.district_slug}"
