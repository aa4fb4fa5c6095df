"""Instructional materials & intervention: adopted materials, unit pacing, groups."""

from django.db import models
from simple_history.models import HistoricalRecords

from districts.bounds import (
    COLLABORATION_MINUTES_PER_MONTH,
    GROUP_MINUTES_PER_WEEK,
    STUDENT_COUNT,
    UNIT_NUMBER,
    YEAR_ADOPTED,
)
from districts.models import Educator, School, TenantModel


class Material(TenantModel):
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    grade_band = models.CharField(max_length=40, help_text="For example K–5 or 6–8.")
    year_adopted = models.PositiveSmallIntegerField(validators=YEAR_ADOPTED.validators())

    class Meta:
        ordering = ["grade_band", "name"]
        constraints = [YEAR_ADOPTED.check("year_adopted", "material_year_bounds")]

    def __str__(self) -> str:
        return self.name


class Unit(TenantModel):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="units")
    grade = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField(validators=UNIT_NUMBER.validators())
    title = models.CharField(max_length=200)
    planned_start = models.DateField("planned start (week of)")
    planned_end = models.DateField("planned end (week of)")

    class Meta:
        ordering = ["grade", "number"]
        constraints = [
            UNIT_NUMBER.check("number", "unit_number_bounds"),
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
    student_count = models.PositiveSmallIntegerField(
        "number of students", validators=STUDENT_COUNT.validators()
    )
    minutes_per_week = models.PositiveSmallIntegerField(
        validators=GROUP_MINUTES_PER_WEEK.validators()
    )
    uses_core_representations = models.BooleanField(
        "uses the core curriculum's representations and strategies", default=False
    )
    collaboration_minutes_per_month = models.PositiveSmallIntegerField(
        "collaboration with the classroom teacher (minutes a month)",
        default=0,
        validators=COLLABORATION_MINUTES_PER_MONTH.validators(),
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "grade", "name"]
        constraints = [
            STUDENT_COUNT.check("student_count", "group_students_bounds"),
            GROUP_MINUTES_PER_WEEK.check("minutes_per_week", "group_minutes_bounds"),
            COLLABORATION_MINUTES_PER_MONTH.check(
                "collaboration_minutes_per_month", "group_collaboration_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name
