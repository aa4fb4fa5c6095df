from typing import Self

from django.db import models

from districts.models import School, TenantModel, TenantQuerySet


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class Paper(models.TextChoices):
    LETTER = "letter", "US Letter"
    A4 = "a4", "A4"


class ReportQuerySet(TenantQuerySet["BoardReport"]):
    def visible_to(self, membership) -> Self:
        """Reports hold aggregates only: every member but a teacher may download them;
        school leaders and coaches see their schools' reports and the district's."""
        from django.db.models import Q

        qs = self.for_district(membership.district)
        if membership.role in ("district_admin", "viewer"):
            return qs
        if membership.role in ("school_leader", "coach"):
            return qs.filter(Q(school__isnull=True) | Q(school__in=membership.school_ids()))
        return qs.none()


class BoardReport(TenantModel):
    """A PDF board report: what was asked for, by whom, and the file once it is made."""

    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the district report.",
    )
    school_year = models.ForeignKey(
        "districts.SchoolYear",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the year going on when it was made.",
    )
    period = models.CharField(max_length=10, default="ytd")
    paper = models.CharField(max_length=10, choices=Paper, default=Paper.LETTER)
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True)
    pages = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "created_at"], name="report_created")]

    def __str__(self) -> str:
        return f"{self.school or 'District'} report ({self.period})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
