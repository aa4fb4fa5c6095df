"""What the reminders remember: which item went to whom, and when, so the same item is not
repeated every day while it waits."""

from django.db import models

from districts.models import Membership, TenantModel
from notices.models import Notice


class ReminderSent(TenantModel):
    """One item of one day's reminders to one person."""

    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=200, help_text="What it is about, e.g. key-result:<id>.")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(help_text="The day, in the district's time zone.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "recipient", "item", "sent_on"], name="remindersent_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["district", "sent_on"], name="remindersent_district_day"),
        ]

    def __str__(self) -> str:
        return f"{self.item} to {self.recipient_id} on {self.sent_on}"
