"""A coaching session's notes and next steps, shared with the cycle's teachers: each receives
them in the app and by e-mail once, and acknowledges them with a reflection the coach and
that school's leaders see (not the other teachers of the cycle)."""

from datetime import date

import pytest
from django.urls import reverse

from coaching.models import CoachingSession, SessionReceipt
from coaching.services import coaching_cycle_save
from notices.models import Kind, Notice


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


@pytest.fixture
def pair(world):
    """The builder's cycle, now with both teachers of the school."""
    a = world.a
    a.coaching_cycle = coaching_cycle_save(
        district=a.district,
        cycle=a.coaching_cycle,
        coach=a.coach.educator,
        school=a.school,
        teachers=[a.teacher.educator, a.teacher2.educator],
        goal=a.coaching_cycle.goal,
        start_date=a.coaching_cycle.start_date,
        end_date=a.coaching_cycle.end_date,
    )
    return a


def session_form(a, **changes):
    data = {
        "date": "2026-09-21",
        "kind": "debrief",
        "minutes": 30,
        "teachers_present": [a.teacher.educator.pk, a.teacher2.educator.pk],
        "notes": "Students explained with the area model.",
        "next_steps": "Plan Thursday's launch with a number talk.",
        "math_specific": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_shared_notes_reach_every_teacher_of_the_cycle_by_email_once(
    pair, client_for, mailserver, django_capture_on_commit_callbacks
):
    a = pair
    coach = client_for(a.coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = coach.post(
            page("coaching_session_create", a, cycle_id=a.coaching_cycle.pk),
            session_form(a, shared_with_teachers="on"),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = CoachingSession.objects.for_district(a.district).get(date=date(2026, 9, 21))
    assert {r.educator_id for r in SessionReceipt.objects.for_district(a.district)} == {
        a.teacher.educator.pk,
        a.teacher2.educator.pk,
    }
    assert sorted(m.rcpt_tos[0] for m in mailserver.received) == [
        "a-teacher2@example.org",
        "a-teacher@example.org",
    ]
    message = mailserver.received[0]
    assert message.message["Subject"] == "Notes of your coaching session on Sep 21 (Coach A)"
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for body in (message.body("plain"), message.body("html")):
        assert "Students explained with the area model." in body
        assert "Plan Thursday's launch with a number talk." in body or (
            "Plan Thursday&#x27;s launch with a number talk." in body
        )
        assert f"#session-{session.pk}" in body
    # Saving again sends nothing more; unsharing what arrived is refused.
    edit = page("coaching_session_edit", a, coaching_session_id=session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(edit, session_form(a, shared_with_teachers="on"))
    assert len(mailserver.received) == 2
    refused = coach.post(edit, session_form(a))
    assert refused.status_code == 400
    assert "cannot be taken back" in refused.content.decode()


@pytest.mark.django_db
def test_a_teacher_acknowledges_and_only_the_coach_and_leaders_read_the_reflection(
    pair, client_for
):
    a = pair
    client_for(a.coach).post(
        page("coaching_session_create", a, cycle_id=a.coaching_cycle.pk),
        session_form(a, shared_with_teachers="on"),
    )
    session = CoachingSession.objects.for_district(a.district).get(date=date(2026, 9, 21))
    acknowledge = page("coaching_session_acknowledge", a, coaching_session_id=session.pk)
    prefix = f"s{session.pk.hex[:8]}"
    teacher = client_for(a.teacher)
    too_long = teacher.post(acknowledge, {f"{prefix}-reflection": "x" * 1001})
    assert too_long.status_code == 400
    response = teacher.post(acknowledge, {f"{prefix}-reflection": "My class loved the model."})
    assert response.status_code == 302
    receipt = SessionReceipt.objects.for_district(a.district).get(educator=a.teacher.educator)
    assert receipt.acknowledged_at and receipt.reflection == "My class loved the model."
    (heard,) = Notice.objects.visible_to(a.coach).filter(kind=Kind.FEEDBACK_ACKNOWLEDGED)
    assert heard.path.endswith(f"#session-{session.pk}")

    cycle = page("coaching_cycle", a, cycle_id=a.coaching_cycle.pk)
    for member, sees in [
        (a.coach, True),
        (a.principal, True),
        (a.admin, True),
        (a.teacher, True),  # their own
        (a.teacher2, False),  # in the same cycle: not another teacher's reflection
    ]:
        body = client_for(member).get(cycle).content.decode()
        assert ("My class loved the model." in body) is sees, member.role
    assert "not acknowledged yet" in client_for(a.coach).get(cycle).content.decode()
    # The coach does not acknowledge for a teacher.
    assert client_for(a.coach).post(acknowledge, {}).status_code == 403


@pytest.mark.django_db
def test_sharing_and_acknowledging_through_the_api(
    pair, api_for, django_capture_on_commit_callbacks
):
    a = pair
    url = page("api-coaching-session-list", a)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_for(a.coach).post(
            url,
            {
                "cycle": str(a.coaching_cycle.pk),
                "date": "2026-09-22",
                "kind": "planning",
                "minutes": 40,
                "notes": "Planned lesson 5.",
                "next_steps": "Try it Tuesday.",
                "shared_with_teachers": True,
            },
            format="json",
        )
    assert created.status_code == 201, created.json()
    assert len(created.json()["receipts"]) == 2
    session_id = created.json()["id"]
    acknowledge = page("api-coaching-session-acknowledge", a, coaching_session_id=session_id)
    done = api_for(a.teacher2).post(acknowledge, {"reflection": "Will do."}, format="json")
    assert done.status_code == 200, done.json()
    mine = done.json()["receipts"]
    assert [r["reflection"] for r in mine] == ["Will do."]  # a teacher sees their own only
    detail = page("api-coaching-session-detail", a, coaching_session_id=session_id)
    assert len(api_for(a.coach).get(detail).json()["receipts"]) == 2
    assert api_for(a.coach).post(acknowledge, {}, format="json").status_code == 403
    assert Notice.objects.visible_to(a.teacher).filter(kind=Kind.COACHING_NOTES).count() == 1
