"""What Coherence tells a person: notices in the app, the e-mail each may carry, and what
each person chooses to receive.

A notice belongs to one membership (a person in one district) and is shown to nobody else:
it may carry personnel data (feedback on a teacher's lesson), so not even an admin reads
another person's notices. Its e-mail is sent at most once, after the commit that made it,
and what happened to it (sent, retried, given up) is kept on the notice.
"""

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone

from districts.bounds import EMAIL_ERROR_TEXT, text_limit
from districts.models import Educator, Membership, TenantModel, TenantQuerySet


class Topic(models.TextChoices):
    """What a notice is about; each person chooses per topic whether it also comes by e-mail."""

    FEEDBACK = "feedback", "Feedback shared with you (walkthroughs, coaching notes)"
    REPLY = "reply", "Acknowledgements of feedback you gave"
    REMINDER = "reminder", "Reminders of something for you to do"
    DIGEST = "digest", "The Monday digest"


class Kind(models.TextChoices):
    """Which templates write a notice's e-mail: ``notices/email/<kind>.txt`` and ``.html``."""

    WALKTHROUGH_FEEDBACK = "walkthrough_feedback", "Walkthrough feedback"
    COACHING_NOTES = "coaching_notes", "Coaching session notes"
    FEEDBACK_ACKNOWLEDGED = "feedback_acknowledged", "Feedback acknowledged"
    REMINDERS = "reminders", "Reminders"
    DIGEST = "digest", "Monday digest"


class EmailStatus(models.TextChoices):
    NOT_WANTED = "not_wanted", "Not e-mailed"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Waiting to try again"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be delivered"


# The statuses a sending task may claim a notice from: anything else is done or in hand.
CLAIMABLE = (EmailStatus.QUEUED, EmailStatus.RETRYING)


class NoticeQuerySet(TenantQuerySet["Notice"]):
    def visible_to(self, membership: Membership) -> Self:
        """A person's own notices, and nobody else's."""
        return self.for_district(membership.district).filter(recipient=membership)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notice(TenantModel):
    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=20, choices=Topic)
    kind = models.CharField(max_length=40, choices=Kind)
    title = models.CharField(max_length=200)
    path = models.CharField(
        max_length=300, blank=True, help_text="The page of the record it is about."
    )
    context = models.JSONField(default=dict, blank=True, help_text="What its templates show.")
    key = models.CharField(
        max_length=200,
        help_text="What it is about: a person gets one notice per key (walkthrough feedback, "
        "a day's reminders, a week's digest), however often it is asked for.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    email_status = models.CharField(
        max_length=20, choices=EmailStatus, default=EmailStatus.NOT_WANTED
    )
    email_to = models.EmailField(blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True, max_length=EMAIL_ERROR_TEXT)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "recipient", "key"], name="notice_once_per_key"
            ),
            text_limit("email_error", EMAIL_ERROR_TEXT, "notice_email_error_length"),
        ]
        indexes = [
            models.Index(
                fields=["district", "recipient", "created_at"], name="notice_recipient_recent"
            ),
            models.Index(
                fields=["district", "recipient"],
                condition=Q(read_at__isnull=True),
                name="notice_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NoticeSubject(TenantModel):
    """An educator a notice is about: it names them or carries notes about them. Erasing a
    former educator's personal data takes these notices with it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="subjects")
    educator = models.ForeignKey(Educator, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "notice", "educator"], name="noticesubject_unique"
            ),
        ]
        indexes = [models.Index(fields=["district", "educator"], name="noticesubject_educator")]

    def __str__(self) -> str:
        return f"{self.notice_id} is about {self.educator_id}"


class NoticePreferences(TenantModel):
    """What one person in one district chooses to receive by e-mail (every notice is in the
    app whatever they choose), and whether they receive the Monday digest at all."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    email_feedback = models.BooleanField(
        "feedback shared with me (walkthroughs, coaching notes)", default=True
    )
    email_reply = models.BooleanField("a teacher acknowledged feedback I gave", default=False)
    email_reminder = models.BooleanField("reminders of something for me to do", default=True)
    digest = models.BooleanField("the Monday digest", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "notice preferences"
        constraints = [
            models.UniqueConstraint(
                fields=["district", "membership"], name="noticepreferences_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.membership_id}"

    def wants_email(self, topic: str) -> bool:
        return bool(getattr(self, TOPIC_FIELDS[topic]))


# Which preference says yes or no to each topic's e-mail (the digest's is whether it comes).
TOPIC_FIELDS: dict[str, str] = {
    Topic.FEEDBACK: "email_feedback",
    Topic.REPLY: "email_reply",
    Topic.REMINDER: "email_reminder",
    Topic.DIGEST: "digest",
}
