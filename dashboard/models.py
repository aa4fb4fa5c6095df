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


class ReportKind(models.TextChoices):
    REPORT = "report", "One report"
    PACKET = "packet", "School packet: every school's own report, one PDF each, in a zip"


class SchoolPages(models.TextChoices):
    AUTO = "auto", "Automatic: one table of all schools above 40 schools, else a page per school"
    TABLE = "table", "One table of all schools"
    PAGES = "pages", "A page per school"


# Above this many schools a district report lists them in one table unless a page per
# school is asked for.
SCHOOL_PAGES_UP_TO = 40


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
    kind = models.CharField(max_length=10, choices=ReportKind, default=ReportKind.REPORT)
    school_pages = models.CharField(max_length=10, choices=SchoolPages, default=SchoolPages.AUTO)
    period = models.CharField(max_length=10, default="ytd")
    paper = models.CharField(max_length=10, choices=Paper, default=Paper.LETTER)
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    figures = models.JSONField(
        default=dict,
        blank=True,
        help_text="The summary's figures once made: the next report of the same kind and "
        "period compares with them.",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the task making it."
    )
    requested_by = models.ForeignKey(
        "districts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["district", "created_at"], name="report_created"),
            models.Index(fields=["status", "heartbeat_at"], name="report_unfinished"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="report") | models.Q(school__isnull=True),
                name="report_packet_is_the_districts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or 'District'} report ({self.period})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class PacketPart(TenantModel):
    """One school's report inside a school packet: made by its own task, gathered into the
    packet's zip when every part is done."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="parts")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.QUEUED)
    file = models.FileField(upload_to="reports/parts/", blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "school"], name="packet_part_once"),
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.report}"
