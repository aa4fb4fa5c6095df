"""Sending what is due in a district: the day's reminders (at most one message per person
per day, the items batched into it) and the Monday digest, each at its hour in the
district's own time zone. Running again — the same hour, or the next — sends nothing twice.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse

from districts.models import District, Membership, Role
from notices.models import Kind, Topic
from notices.permissions import DIGEST_ROLES
from notices.selectors import preferences_for
from notices.services import notice_send
from outreach.digest import Digest, digest_for
from outreach.models import ReminderSent
from outreach.reminders import Due, due_reminders

# Reminders on weekdays from 7 in the morning (not in the night, whenever the job catches
# up); the digest on Mondays from 6.
REMINDER_HOURS = range(7, 19)
DIGEST_HOURS = range(6, 12)
REPEAT_AFTER_DAYS = 7  # an item still waiting comes back once a week, not every day


def outreach_run(*, district: District, now: datetime) -> dict[str, int]:
    """Whatever is due at ``now`` in the district's time zone (nothing while the district is
    suspended: its members cannot open the pages the messages link to)."""
    local = now.astimezone(ZoneInfo(district.time_zone))
    sent = {"reminders": 0, "digests": 0}
    if district.suspended:
        return sent
    if local.weekday() == 0 and local.hour in DIGEST_HOURS:
        sent["digests"] = digests_send(district=district, today=local.date())
    if local.weekday() < 5 and local.hour in REMINDER_HOURS:
        sent["reminders"] = reminders_send(district=district, today=local.date())
    return sent


def reminders_send(*, district: District, today: date, email: bool = True) -> int:
    """Each person's due reminders in one notice (and one e-mail) for the day; an item sent
    in the last week is left out. Returns how many people were reminded. (``email`` False:
    in the app only, as the demo does.)"""
    recently = set(
        ReminderSent.objects.for_district(district)
        .filter(sent_on__gt=today - timedelta(days=REPEAT_AFTER_DAYS))
        .values_list("recipient_id", "item")
    )
    by_person: dict[Membership, list[Due]] = defaultdict(list)
    for due in due_reminders(district, today):
        if (due.recipient.pk, due.item) not in recently:
            by_person[due.recipient].append(due)
    reminded = 0
    for member, items in by_person.items():
        with transaction.atomic():
            notice = notice_send(
                district=district,
                recipient=member,
                topic=Topic.REMINDER,
                kind=Kind.REMINDERS,
                title=items[0].text
                if len(items) == 1
                else f"{len(items)} things waiting for you in {district.name}",
                key=f"reminders:{today}",
                path=items[0].path
                if len(items) == 1
                else reverse("notice_list", args=[district.slug]),
                context={
                    "summary": "Waiting for you:" if len(items) > 1 else "Waiting for you.",
                    "lines": [{"text": due.text, "path": due.path} for due in items],
                },
                about={educator for due in items for educator in due.about},
                email=email,
            )
            if notice is None:  # this person's reminders went out today already
                continue
            ReminderSent.objects.bulk_create(
                ReminderSent(
                    district=district, recipient=member, item=due.item, notice=notice, sent_on=today
                )
                for due in items
            )
            reminded += 1
    return reminded


def digests_send(*, district: District, today: date, email: bool = True) -> int:
    """The digest of the week to every admin, school leader (and viewer who asked for it)
    who wants it; people who see the same schools share one computation."""
    members = (
        Membership.objects.for_district(district)
        .filter(role__in=DIGEST_ROLES)
        .select_related("user", "district", "educator")
    )
    computed: dict[tuple, Digest | None] = {}
    sent = 0
    week = today - timedelta(days=today.weekday())
    for member in members:
        if not preferences_for(member).digest:
            continue
        # Admins and viewers see every school; a leader sees their own schools.
        scope = (
            tuple(sorted(map(str, member.school_ids())))
            if member.role == Role.SCHOOL_LEADER
            else ("all",)
        )
        if scope not in computed:
            computed[scope] = digest_for(member, today)
        digest = computed[scope]
        if digest is None:
            continue
        notice = notice_send(
            district=district,
            recipient=member,
            topic=Topic.DIGEST,
            kind=Kind.DIGEST,
            title=f"Your Monday digest: {district.name}, {week:%b %-d}",
            key=f"digest:{week}",
            path=reverse("dashboard", args=[district.slug]),
            context=digest.context(),
            email=email,
        )
        sent += notice is not None
    return sent
