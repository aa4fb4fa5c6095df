"""A notice's e-mail: HTML and plain text from templates, the district's name in the sender,
a one-click unsubscribe (RFC 8058), sent at most once.

Sending first claims the notice (queued → sending) in one UPDATE, so a task that runs
twice, or two workers given the same message, send it once. A temporary refusal (a 4xx
reply, a dropped connection) is retried with backoff; a permanent one (5xx) is recorded on
the notice and not tried again.
"""

import logging
import smtplib
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from districts.links import absolute_reverse, absolute_url
from notices.models import CLAIMABLE, EmailStatus, Notice, Topic
from notices.selectors import preferences_for
from notices.unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first try and five retries, over about half an hour
FIRST_RETRY_SECONDS = 60
LONGEST_WAIT_SECONDS = 15 * 60


class TemporaryFailure(Exception):
    """The mail server said "not now": try again later."""


def retry_countdown(retries: int) -> int:
    """Seconds to wait before the next try: doubling from a minute, never above 15 minutes."""
    return min(FIRST_RETRY_SECONDS * 2 ** max(retries, 0), LONGEST_WAIT_SECONDS)


def smtp_code(exc: BaseException) -> int | None:
    """The reply code a mail server refused with (the highest, for refused recipients)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None


def is_temporary(exc: BaseException) -> bool:
    """4xx replies and lost connections pass; 5xx replies do not."""
    code = smtp_code(exc)
    if code is not None:
        return 400 <= code < 500
    return isinstance(exc, OSError)  # smtplib's errors, refused or dropped connections


def describe(exc: BaseException) -> str:
    code = smtp_code(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [f"{c} {m.decode(errors='replace')}" for c, m in exc.recipients.values()]
        return "Recipient refused: " + "; ".join(replies)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        reply = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{code} {reply}"
    return f"{type(exc).__name__}: {exc}"


def sender(district_name: str) -> str:
    """``DEFAULT_FROM_EMAIL``'s address, named after the district."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((district_name, address or settings.DEFAULT_FROM_EMAIL))


def email_context(notice: Notice) -> dict[str, Any]:
    district, recipient = notice.district, notice.recipient
    return {
        **notice.context,
        "notice": notice,
        "district": district,
        "name": recipient.user.first_name or recipient.user.get_username(),
        "link": absolute_url(notice.path)
        if notice.path
        else absolute_reverse("notice_list", district_slug=district.slug),
        "topic_label": Topic(notice.topic).label,
        "unsubscribe_url": unsubscribe_url(recipient, notice.topic),
        "preferences_url": absolute_reverse("notice_preferences", district_slug=district.slug),
    }


def email_message(notice: Notice) -> EmailMultiAlternatives:
    context = email_context(notice)
    text = render_to_string(f"notices/email/{notice.kind}.txt", context)
    html = render_to_string(f"notices/email/{notice.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(notice.title.split()),
        body=text,
        from_email=sender(notice.district.name),
        to=[notice.email_to],
        headers={
            # RFC 8058: a mail client unsubscribes with one POST to this link, no login.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _finish(notice_id: Any, district_id: int, status: str, error: str = "") -> None:
    changes: dict[str, Any] = {"email_status": status, "email_error": error[:1000]}
    if status == EmailStatus.SENT:
        changes["email_sent_at"] = timezone.now()
    Notice.objects.for_district(district_id).filter(pk=notice_id).update(**changes)


def notice_email_send(*, district_id: int, notice_id: Any, final_attempt: bool = False) -> str:
    """Send a notice's e-mail if nobody has yet; return what became of it.

    Raises ``TemporaryFailure`` when the server asks to try again later (unless this was the
    last attempt, which gives up and records why).
    """
    notices = Notice.objects.for_district(district_id).filter(pk=notice_id)
    claimed = notices.filter(email_status__in=CLAIMABLE).update(
        email_status=EmailStatus.SENDING, email_attempts=F("email_attempts") + 1
    )
    if not claimed:  # sent, being sent, given up or not wanted: nothing to do
        return "nothing to send"
    notice = notices.select_related("district", "recipient__user", "recipient__educator").get()
    if not preferences_for(notice.recipient).wants_email(notice.topic):
        _finish(notice.pk, district_id, EmailStatus.NOT_WANTED)  # unsubscribed since queued
        return EmailStatus.NOT_WANTED
    try:
        email_message(notice).send()
    except Exception as exc:
        if not isinstance(exc, OSError):  # not the server's doing: say so loudly
            _finish(notice.pk, district_id, EmailStatus.FAILED, describe(exc))
            raise
        if is_temporary(exc) and not final_attempt:
            _finish(notice.pk, district_id, EmailStatus.RETRYING, describe(exc))
            raise TemporaryFailure(describe(exc)) from exc
        reason = describe(exc)
        if is_temporary(exc):
            reason = f"Gave up after {notice.email_attempts} attempts: {reason}"
        _finish(notice.pk, district_id, EmailStatus.FAILED, reason)
        logger.warning("E-mail of notice %s not delivered: %s", notice.pk, reason)
        return EmailStatus.FAILED
    _finish(notice.pk, district_id, EmailStatus.SENT)
    return EmailStatus.SENT
