"""Notices by e-mail, against a real SMTP server: sent once after the commit, from the
district, with a one-click unsubscribe; retried on 4xx, recorded and dropped on 5xx."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from notices import mail
from notices.models import EmailStatus, Kind, Notice, Topic
from notices.services import notice_send
from notices.tasks import send_notice_email


def remind(tenant, member, key="reminders:1", **extra):
    return notice_send(
        district=tenant.district,
        recipient=member,
        topic=Topic.REMINDER,
        kind=Kind.REMINDERS,
        title="2 things waiting for you",
        key=key,
        path=reverse("plan", args=[tenant.district.slug]),
        context={
            "summary": "These are waiting for you.",
            "lines": [{"text": "Check in “Meaningful hours”", "path": "/d/x/plan/"}],
        },
        **extra,
    )


@pytest.mark.django_db
def test_an_email_goes_after_the_commit_from_the_district_with_one_click_unsubscribe(
    cast, mailserver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = remind(cast.a, cast.a.principal)
    assert mailserver.received == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    (received,) = mailserver.received
    message = received.message
    assert received.rcpt_tos == [cast.a.principal.user.email]
    assert message["Subject"] == "2 things waiting for you"
    assert message["From"].addresses[0].display_name == "District A"
    assert message["From"].addresses[0].addr_spec == "coherence@example.org"
    link = "https://coherence.example.org/unsubscribe/"
    assert message["List-Unsubscribe"].strip().startswith(f"<{link}")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Check in “Meaningful hours”" in received.body("plain")
    assert "https://coherence.example.org/d/x/plan/" in received.body("plain")
    assert 'href="https://coherence.example.org/d/x/plan/"' in received.body("html")
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT and notice.email_attempts == 1
    assert notice.email_sent_at is not None


@pytest.mark.django_db
def test_the_unsubscribe_link_needs_no_login_and_stops_the_next_message(
    cast, mailserver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remind(cast.a, cast.a.principal, key="one")
    header = mailserver.received[0].message["List-Unsubscribe"]
    url = header.strip().strip("<>").removeprefix("https://coherence.example.org")
    anonymous = Client()
    # A GET (a link scanner, a person reading) says what will stop and changes nothing.
    page = anonymous.get(url)
    assert page.status_code == 200
    assert "Reminders" in page.content.decode() and "District A" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        remind(cast.a, cast.a.principal, key="two")
    assert len(mailserver.received) == 2
    # The one-click POST (RFC 8058), without a session or a CSRF token.
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        third = remind(cast.a, cast.a.principal, key="three")
    assert len(mailserver.received) == 2  # the next one stays in the app
    assert third.email_status == EmailStatus.NOT_WANTED
    assert Notice.objects.visible_to(cast.a.principal).count() == 3
    # Only that topic stopped.
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(
            district=cast.a.district,
            recipient=cast.a.principal,
            topic=Topic.FEEDBACK,
            kind=Kind.FEEDBACK_ACKNOWLEDGED,
            title="Acknowledged",
            key="feedback",
        )
    assert len(mailserver.received) == 3  # feedback still comes by e-mail
    assert anonymous.post(url).status_code == 200  # twice is harmless


@pytest.mark.django_db
def test_a_forged_or_altered_unsubscribe_link_is_404(cast, client):
    from notices.unsubscribe import unsubscribe_token

    token = unsubscribe_token(cast.a.principal, Topic.REMINDER)
    assert client.get(reverse("unsubscribe", args=[token])).status_code == 200
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("unsubscribe", args=[altered])).status_code == 404
    assert client.post(reverse("unsubscribe", args=["not-a-token"])).status_code == 404
    cast.a.principal.delete()
    assert client.post(reverse("unsubscribe", args=[token])).status_code == 404


@pytest.mark.django_db
def test_a_task_run_twice_sends_once(cast, mailserver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notice = remind(cast.a, cast.a.principal)
    args = (cast.a.district.pk, str(notice.pk))
    assert send_notice_email.apply(args=args).get() == EmailStatus.SENT
    assert send_notice_email.apply(args=args).get() == "nothing to send"
    assert len(mailserver.received) == 1
    notice.refresh_from_db()
    assert notice.email_attempts == 1


@pytest.mark.django_db
def test_a_temporary_refusal_is_retried(cast, mailserver, django_capture_on_commit_callbacks):
    mailserver.refuse_next("451 4.3.0 Mailbox busy, try again later")
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(cast.a, cast.a.principal)
    assert mailserver.refused == 1
    assert len(mailserver.received) == 1  # the retry went through
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT and notice.email_attempts == 2


@pytest.mark.django_db
def test_a_permanent_refusal_is_recorded_and_not_retried(
    cast, mailserver, django_capture_on_commit_callbacks
):
    mailserver.refuse_next("550 5.1.1 No such mailbox", "550 5.1.1 No such mailbox")
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(cast.a, cast.a.principal)
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.FAILED
    assert notice.email_attempts == 1 and mailserver.refused == 1
    assert "550" in notice.email_error and "No such mailbox" in notice.email_error
    # Running the task again does not try again.
    send_notice_email.apply(args=(cast.a.district.pk, str(notice.pk)))
    assert mailserver.refused == 1 and mailserver.received == []


@pytest.mark.django_db
def test_a_server_that_keeps_saying_later_is_given_up_on_and_recorded(
    cast, mailserver, django_capture_on_commit_callbacks
):
    mailserver.refuse_next(*["421 4.7.0 Too busy"] * (mail.MAX_ATTEMPTS + 2))
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(cast.a, cast.a.principal)
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.FAILED
    assert notice.email_attempts == mail.MAX_ATTEMPTS == mailserver.refused
    assert notice.email_error.startswith(f"Gave up after {mail.MAX_ATTEMPTS} attempts")


@given(st.integers(min_value=0, max_value=50))
def test_the_wait_before_a_retry_doubles_and_is_capped(retries):
    wait = mail.retry_countdown(retries)
    assert mail.FIRST_RETRY_SECONDS <= wait <= mail.LONGEST_WAIT_SECONDS
    assert mail.retry_countdown(retries + 1) >= wait
    if wait < mail.LONGEST_WAIT_SECONDS:
        assert mail.retry_countdown(retries + 1) in (2 * wait, mail.LONGEST_WAIT_SECONDS)


@pytest.mark.django_db
def test_nothing_is_emailed_to_someone_without_an_address_or_who_said_no(
    cast, mailserver, django_capture_on_commit_callbacks
):
    from notices.services import notice_preferences_save

    user = cast.a.teacher.user
    user.email = ""
    user.save()
    cast.a.teacher.educator.email = "teacher@a.example.org"  # the roster's address is used
    with django_capture_on_commit_callbacks(execute=True):
        remind(cast.a, cast.a.teacher, key="t")
    assert mailserver.received[-1].rcpt_tos == ["teacher@a.example.org"]
    notice_preferences_save(
        district=cast.a.district,
        membership=cast.a.coach,
        email_feedback=True,
        email_reply=False,
        email_reminder=False,
        digest=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(cast.a, cast.a.coach, key="c")
    assert notice.email_status == EmailStatus.NOT_WANTED
    assert len(mailserver.received) == 1


@pytest.mark.django_db
def test_one_notice_per_key_however_often_it_is_asked_for(cast):
    assert remind(cast.a, cast.a.principal, key="same") is not None
    assert remind(cast.a, cast.a.principal, key="same") is None
    assert Notice.objects.visible_to(cast.a.principal).count() == 1


@pytest.mark.django_db
def test_every_kind_has_both_bodies(cast, settings):
    from notices.mail import email_message

    settings.SITE_URL = "https://coherence.example.org"
    for kind in Kind.values:
        notice = notice_send(
            district=cast.a.district,
            recipient=cast.a.admin,
            topic=Topic.REMINDER,
            kind=kind,
            title=f"About {kind}",
            key=kind,
        )
        message = email_message(notice)
        html = message.alternatives[0]
        assert message.body.strip() and html[1] == "text/html" and "<html" in html[0], kind


@pytest.fixture
def worker_like_eager():
    """Eager tasks that treat a retry as a worker does (re-run, not an error raised)."""
    from config.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


@pytest.mark.django_db
def test_celery_retries_a_temporary_refusal_after_a_doubling_wait(
    cast, mailserver, worker_like_eager, django_capture_on_commit_callbacks
):
    from celery.signals import task_retry

    waits = []

    def record(sender=None, reason=None, **kwargs):
        waits.append(reason.when)

    task_retry.connect(record)
    try:
        mailserver.refuse_next("451 4.3.0 Try later", "452 4.2.2 Mailbox full")
        with django_capture_on_commit_callbacks(execute=True):
            notice = remind(cast.a, cast.a.principal)
    finally:
        task_retry.disconnect(record)
    assert waits == [mail.retry_countdown(0), mail.retry_countdown(1)] == [60, 120]
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT and notice.email_attempts == 3
    assert len(mailserver.received) == 1
