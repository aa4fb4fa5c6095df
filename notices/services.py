"""Writes of notices: making one (and queueing its e-mail after the commit), marking
notices read, and each person's preferences."""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from districts.models import District, Membership
from districts.services import ensure_same_district
from notices.models import (
    TOPIC_FIELDS,
    EmailStatus,
    Kind,
    Notice,
    NoticePreferences,
    NoticeSubject,
    Topic,
)
from notices.permissions import can_receive_digest
from notices.selectors import email_address, preferences_for
from notices.tasks import send_notice_email

logger = logging.getLogger(__name__)


def notice_send(
    *,
    district: District,
    recipient: Membership,
    topic: str,
    kind: str,
    title: str,
    key: str,
    path: str = "",
    context: dict[str, Any] | None = None,
    about: Iterable[Any] = (),
    email: bool = True,
    at: datetime | None = None,
) -> Notice | None:
    """Give ``recipient`` a notice in the app, and by e-mail if they want that topic by
    e-mail and have an address; the e-mail is queued once the caller's transaction commits.

    A person gets one notice per ``key`` (the feedback of one walkthrough, one day's
    reminders, one week's digest): asking again returns None and sends nothing. ``about``
    are the educators (or their ids) it names or carries notes about, so that erasing one
    takes it too. ``email`` False and ``at`` (when it was made) are for notices made after
    the fact (the demo's).
    """
    ensure_same_district(district, recipient)
    if topic not in Topic.values or kind not in Kind.values:
        raise ValueError(f"Unknown notice topic or kind: {topic!r}, {kind!r}.")
    if Notice.objects.for_district(district).filter(recipient=recipient, key=key).exists():
        return None
    address = email_address(recipient)
    wanted = email and preferences_for(recipient).wants_email(topic) and bool(address)
    notice = Notice(
        district=district,
        recipient=recipient,
        topic=topic,
        kind=kind,
        title=title[:200],
        path=path,
        context=context or {},
        key=key,
        created_at=at or timezone.now(),
        email_status=EmailStatus.QUEUED if wanted else EmailStatus.NOT_WANTED,
        email_to=address if wanted else "",
    )
    notice.full_clean()
    try:
        with transaction.atomic():  # a run at the same moment made it first: one notice
            notice.save()
    except IntegrityError:
        return None
    subjects = {getattr(educator, "pk", educator) for educator in about}
    NoticeSubject.objects.bulk_create(
        NoticeSubject(district=district, notice=notice, educator_id=educator_id)
        for educator_id in subjects
        if educator_id is not None
    )
    if wanted:
        district_id, notice_id = district.pk, str(notice.pk)

        def queue() -> None:
            try:
                send_notice_email.delay(district_id, notice_id)
            except Exception:  # the broker is down: the notice says it is still queued
                logger.warning("Could not queue the e-mail of notice %s", notice_id, exc_info=True)

        transaction.on_commit(queue, robust=True)
    return notice


def notices_mark_read(
    *, district: District, membership: Membership, notice_ids: Iterable[Any] | None = None
) -> int:
    """Mark some of a member's notices read (all of them when ``notice_ids`` is None)."""
    ensure_same_district(district, membership)
    notices = Notice.objects.visible_to(membership).unread()
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())


def notice_preferences_save(
    *,
    district: District,
    membership: Membership,
    email_feedback: bool,
    email_reply: bool,
    email_reminder: bool,
    digest: bool,
) -> NoticePreferences:
    ensure_same_district(district, membership)
    if digest and not can_receive_digest(membership):
        digest = False  # not for this role: nothing to turn on
    preferences = preferences_for(membership)
    preferences.email_feedback, preferences.email_reply = email_feedback, email_reply
    preferences.email_reminder, preferences.digest = email_reminder, digest
    preferences.full_clean()
    preferences.save()
    return preferences


def notice_unsubscribe(*, district: District, membership: Membership, topic: str) -> None:
    """Stop one topic's e-mail (for the digest: the digest itself), and whatever of it is
    still waiting to go."""
    ensure_same_district(district, membership)
    preferences = preferences_for(membership)
    setattr(preferences, TOPIC_FIELDS[topic], False)
    preferences.save()
    Notice.objects.visible_to(membership).filter(
        topic=topic, email_status__in=(EmailStatus.QUEUED, EmailStatus.RETRYING)
    ).update(email_status=EmailStatus.NOT_WANTED)
