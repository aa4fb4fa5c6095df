"""The audit trail: who read or handed out personnel data, who signed in, who changed whose
access — when, and from which address.

Rows are only ever added. On PostgreSQL a trigger (migration 0002) refuses any UPDATE, and
any DELETE except the retention purge's of rows past the retention period (see
``services.audit_purge``). An event names no one in its text: people are referenced by id
(the actor's login, the educator the records are about), so erasing a former educator
leaves the trail intact and nameless.
"""

from typing import Self

from django.db import models
from django.utils import timezone

from districts.models import Educator, TenantModel, TenantQuerySet, User


class AuditKind(models.TextChoices):
    VIEW_HOURS = "view_hours", "Viewed PL hours"
    VIEW_WALKTHROUGH = "view_walkthrough", "Viewed a walkthrough"
    VIEW_COACHING = "view_coaching", "Viewed coaching records"
    EXPORT = "export", "Exported names"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    MEMBERSHIP = "membership", "Changed access"
    SIGN_IN_SETTINGS = "sign_in_settings", "Changed sign-in settings"
    DISTRICT_EXPORT = "district_export", "Exported the district"
    ERASURE = "erasure", "Erased a former educator"


# What counts as reading someone's personnel records (a teacher sees these about themselves).
VIEW_KINDS = (AuditKind.VIEW_HOURS, AuditKind.VIEW_WALKTHROUGH, AuditKind.VIEW_COACHING)


class AuditQuerySet(TenantQuerySet["AuditEvent"]):
    def about(self, educator: Educator) -> Self:
        return self.filter(subject_id=educator.pk)


class AuditEvent(TenantModel):
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30, choices=AuditKind)
    # No database constraint and nothing cascades: an event outlives the login and the
    # roster record it names, and the trail is never rewritten when they change.
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who did it (empty: the system, or someone who is not a member).",
    )
    subject = models.ForeignKey(
        Educator,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose records were read, or whose access changed.",
    )
    subject_user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose access changed, when they have no roster record.",
    )
    target = models.CharField(max_length=300, blank=True, help_text="What, in words.")
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["district", "at"], name="audit_district_at"),
            models.Index(fields=["district", "subject", "at"], name="audit_subject_at"),
            models.Index(fields=["district", "actor", "at"], name="audit_actor_at"),
            models.Index(fields=["at"], name="audit_at"),  # the purge, across districts
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
