"""Reminders from the hourly beat job, with a frozen clock: at seven in the morning in each
district's own time zone, only to the person who can act, all of a day's in one message,
and an item not repeated for a week."""

from datetime import date

import pytest
from django.urls import reverse

from notices.models import Kind, Notice
from outreach.models import ReminderSent
from tests.outreach.scenario import at_utc, run_beat_at, something_waiting


def reminders(tenant):
    return Notice.objects.for_district(tenant.district).filter(kind=Kind.REMINDERS)


@pytest.fixture
def waiting(world):
    world.b.district.time_zone = "Pacific/Auckland"  # 19 hours ahead of Chicago in December
    world.b.district.save()
    for tenant in (world.a, world.b):
        something_waiting(tenant)
    return world


@pytest.mark.django_db
def test_reminders_come_at_seven_in_each_districts_own_time_zone(
    waiting, mailserver, django_capture_on_commit_callbacks
):
    a, b = waiting.a, waiting.b
    with django_capture_on_commit_callbacks(execute=True):
        # 06:30 in Chicago (Wednesday), 01:30 in Auckland (Thursday): nobody yet.
        run_beat_at(at_utc(2026, 12, 2, 12, 30))
    assert not reminders(a).exists() and not reminders(b).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 2, 13, 5))  # 07:05 in Chicago, 02:05 in Auckland
    assert reminders(a).count() == 2 and not reminders(b).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 2, 13, 20))  # the job again: nothing twice
        run_beat_at(at_utc(2026, 12, 2, 18, 5))  # 12:05 in Chicago, 07:05 in Auckland
    assert reminders(a).count() == 2 and reminders(b).count() == 2
    assert sorted(m.rcpt_tos[0] for m in mailserver.received) == [
        "a-coach@example.org",
        "a-principal@example.org",
        "b-coach@example.org",
        "b-principal@example.org",
    ]
    assert {n.key for n in reminders(b)} == {"reminders:2026-12-03"}  # Auckland's Thursday


@pytest.mark.django_db
def test_only_the_person_who_can_act_is_reminded_of_each_thing(waiting):
    a = waiting.a
    run_beat_at(at_utc(2026, 12, 2, 13, 5))
    by_person = {n.recipient_id: n for n in reminders(a)}
    assert set(by_person) == {a.principal.pk, a.coach.pk}
    principal = [item["text"] for item in by_person[a.principal.pk].context["lines"]]
    coach = [item["text"] for item in by_person[a.coach.pk].context["lines"]]
    assert principal == [
        "Check in “Walkthroughs this term”: no check-in since Oct 1 (due May 1)",
        f"Share your feedback with {a.teacher2.educator} from the walkthrough on Nov 27",
    ]
    assert coach == [
        "Grade 3 team (A School 1) logged no meeting in the week of Nov 23; it usually meets "
        "every week. Record it if it met",
        f"Write the closing note of your coaching cycle with {a.teacher2.educator} (it ends Dec 7)",
    ]
    # Each links to the page where it is done.
    paths = [item["path"] for item in by_person[a.principal.pk].context["lines"]]
    assert paths == [
        reverse("check_in", args=[a.district.slug, a.stale_key_result.pk]),
        reverse("walkthrough_edit", args=[a.district.slug, a.unshared.pk]),
    ]
    # The viewer's key result reaches nobody: they cannot check it in, and nobody else owns it.
    texts = " ".join(str(n.context) for n in reminders(a))
    assert "Board visits" not in texts
    assert "Dec 1" not in texts  # the visit of Dec 1 is not 48 hours old


@pytest.mark.django_db
def test_one_message_a_day_and_an_item_comes_back_after_a_week_while_it_waits(
    waiting, mailserver, django_capture_on_commit_callbacks
):
    a = waiting.a
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 2, 13, 5))  # Wednesday
    assert len([m for m in mailserver.received if "a-principal" in m.rcpt_tos[0]]) == 1
    message = next(m for m in mailserver.received if "a-principal" in m.rcpt_tos[0])
    assert message.message["Subject"] == "2 things waiting for you in District A"
    assert "Walkthroughs this term" in message.body("plain")
    assert "Share your feedback" in message.body("html")

    # Thursday: the same items are not repeated; what became due since comes alone (the
    # scenario's Dec 1 visit, and this one).
    goals = a.look_fors[0].pk
    from subsystems.leadership.services import walkthrough_record

    walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.principal.educator,
        teacher=a.teacher.educator,
        look_for_set=a.look_for_set,
        date=date(2026, 12, 1),
        ratings={goals: "emerging"},
        duration_minutes=20,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 3, 13, 5))
    thursday = reminders(a).filter(recipient=a.principal, key="reminders:2026-12-03").get()
    texts = [item["text"] for item in thursday.context["lines"]]
    due = f"Share your feedback with {a.teacher.educator} from the walkthrough on Dec 1"
    assert texts == [due, due]
    assert thursday.title == "2 things waiting for you in District A"
    assert not reminders(a).filter(recipient=a.coach, key="reminders:2026-12-03").exists()

    # Saturday: no reminders at the weekend.
    run_beat_at(at_utc(2026, 12, 5, 13, 5))
    assert not reminders(a).filter(key="reminders:2026-12-05").exists()

    # A week after Wednesday, what still waits comes back.
    run_beat_at(at_utc(2026, 12, 9, 13, 5))
    again = reminders(a).filter(recipient=a.principal, key="reminders:2026-12-09").get()
    assert any("Walkthroughs this term" in item["text"] for item in again.context["lines"])
    assert ReminderSent.objects.for_district(a.district).filter(sent_on=date(2026, 12, 9)).exists()


@pytest.mark.django_db
def test_done_things_are_not_reminded(waiting):
    a = waiting.a
    from decimal import Decimal

    from subsystems.plan.services import check_in_record

    check_in_record(
        district=a.district,
        key_result=a.stale_key_result,
        date=date(2026, 12, 1),
        value=Decimal(20),
        confidence="on_track",
    )
    a.closing_cycle.outcome = "Closed with a shared lesson plan."
    a.closing_cycle.save()
    run_beat_at(at_utc(2026, 12, 2, 13, 5))
    texts = " ".join(str(n.context) for n in reminders(a))
    assert "Walkthroughs this term" not in texts and "closing note" not in texts
    assert "Share your feedback" in texts and "Grade 3 team" in texts


@pytest.mark.django_db
def test_a_break_week_expects_no_plc_meeting(waiting):
    from districts.models import BreakWeek, SchoolYear

    a = waiting.a
    year = SchoolYear.objects.for_district(a.district).get()
    BreakWeek.objects.create(
        district=a.district, school_year=year, week_start=date(2026, 11, 23), label="Thanksgiving"
    )
    run_beat_at(at_utc(2026, 12, 2, 13, 5))
    assert "Grade 3 team" not in " ".join(str(n.context) for n in reminders(a))


@pytest.mark.django_db
def test_a_suspended_district_is_sent_nothing(waiting):
    from django.utils import timezone

    a = waiting.a
    a.district.suspended_at = timezone.now()
    a.district.save()
    run_beat_at(at_utc(2026, 12, 2, 13, 5))
    assert not reminders(a).exists()
