"""A week in which something is waiting for several people, built through the services."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from coaching.services import coaching_cycle_save
from plcs.services import plc_meeting_record
from subsystems.leadership.services import walkthrough_record
from subsystems.models import KeyResult
from subsystems.plan import services as plan
from tests.builders import split


def at_utc(*args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("UTC"))


def run_beat_at(when: datetime) -> None:
    """The hourly beat job, at a frozen instant."""
    from outreach.tasks import send_reminders_and_digests

    with time_machine.travel(when, tick=False):
        send_reminders_and_digests.delay()


def something_waiting(tenant) -> None:
    """As of Wednesday Dec 2, 2026, with the world's records (tests/builders.py):

    - the principal owns a school key result last checked in on Oct 1 (over 30 days), and
      has not shared the feedback of a visit to teacher2 on Nov 27 (over 48 hours); a visit
      on Dec 1 is not due yet;
    - the coach facilitates the Grade 3 team, which met every week of Oct 26 – Nov 20 but
      logged nothing in the week of Nov 23, and leads a cycle that ends on Dec 7 with no
      closing note;
    - the viewer "owns" a key result too, but cannot check it in: nobody is reminded of it.
    """
    district, school = tenant.district, tenant.school
    priority = tenant.objective.priority
    objective = plan.objective_save(
        district=district,
        title="Leaders in classrooms",
        priority=priority,
        level="school",
        school=school,
        owner=tenant.principal.user,
    )
    tenant.stale_key_result = plan.key_result_save(
        district=district,
        objective=objective,
        title="Walkthroughs this term",
        baseline=Decimal(0),
        target=Decimal(40),
        due_date=date(2027, 5, 1),
    )
    plan.check_in_record(
        district=district,
        key_result=tenant.stale_key_result,
        date=date(2026, 10, 1),
        value=Decimal(12),
        confidence="on_track",
    )
    viewers = plan.objective_save(
        district=district, title="Board watch", priority=priority, owner=tenant.viewer.user
    )
    tenant.viewers_key_result = plan.key_result_save(
        district=district,
        objective=viewers,
        title="Board visits",
        baseline=Decimal(0),
        target=Decimal(4),
        due_date=date(2027, 5, 1),
    )
    KeyResult.objects.for_district(district).filter(
        pk__in=[tenant.stale_key_result.pk, tenant.viewers_key_result.pk]
    ).update(created_at=at_utc(2026, 9, 1, 12))
    goals = tenant.look_fors[0].pk
    tenant.unshared = walkthrough_record(
        district=district,
        school=school,
        observer=tenant.principal.educator,
        teacher=tenant.teacher2.educator,
        look_for_set=tenant.look_for_set,
        date=date(2026, 11, 27),
        ratings={goals: "evident"},
    )
    tenant.too_recent = walkthrough_record(
        district=district,
        school=school,
        observer=tenant.principal.educator,
        teacher=tenant.teacher.educator,
        look_for_set=tenant.look_for_set,
        date=date(2026, 12, 1),
        ratings={goals: "evident"},
    )
    for week in (date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)):
        plc_meeting_record(
            district=district,
            team=tenant.plc_team,
            date=week + timedelta(days=1),
            minutes=45,
            split=split(plan=45),
        )
    tenant.closing_cycle = coaching_cycle_save(
        district=district,
        coach=tenant.coach.educator,
        school=school,
        teachers=[tenant.teacher2.educator],
        goal="Launch lessons with a number talk.",
        start_date=date(2026, 11, 2),
        end_date=date(2026, 12, 7),
    )
