"""Walkthrough feedback that arrives: shared on the page or through the API, it reaches the
teacher in the app and by e-mail (a real SMTP server); the teacher acknowledges it with a
reflection the observer and that school's leaders see; the indicator counts what arrived."""

from datetime import date

import pytest
from django.urls import reverse

from notices.models import EmailStatus, Kind, Notice
from subsystems import indicators
from subsystems.leadership.services import walkthrough_record
from subsystems.models import Walkthrough

WINDOW = indicators.Window(start=date(2026, 8, 17), end=date(2026, 12, 1))


def page(name, tenant, **kwargs):
    return reverse(name, kwargs={"district_slug": tenant.district.slug, **kwargs})


def edit_form(tenant, walkthrough, **changes):
    """The walkthrough's edit form as the page posts it, with some fields changed."""
    goals, explain, tasks = (lf.pk for lf in tenant.look_fors)
    data = {
        "school": tenant.school.pk,
        "teacher": walkthrough.teacher_id,
        "date": walkthrough.date.isoformat(),
        "duration_minutes": walkthrough.duration_minutes,
        "math_specific": "on",
        "co_observer": walkthrough.co_observer_id or "",
        "notes": walkthrough.notes,
        f"rating_{goals}": "evident",
        f"rating_{explain}": "emerging",
        f"evidence_{explain}": "Two students explained.",
        f"rating_{tasks}": "evident",
        "feedback_note": "",
    }
    data.update(changes)
    return data


def feedback_of(tenant, member):
    return Notice.objects.visible_to(member).filter(kind=Kind.WALKTHROUGH_FEEDBACK)


@pytest.mark.django_db
def test_sharing_on_the_page_sends_the_teacher_the_feedback_by_email(
    world, client_for, mailserver, django_capture_on_commit_callbacks
):
    a = world.a
    walkthrough = a.walkthrough
    principal = client_for(a.principal)
    data = edit_form(
        a,
        walkthrough,
        feedback_shared="on",
        feedback_note="Try a turn-and-talk before the share-out.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = principal.post(page("walkthrough_edit", a, walkthrough_id=walkthrough.pk), data)
    assert response.status_code == 302
    walkthrough.refresh_from_db()
    assert walkthrough.feedback_delivered_at is not None
    assert walkthrough.feedback_date == date(2026, 12, 2)  # today, when none was given

    (notice,) = feedback_of(a, a.teacher)
    assert notice.path == page("walkthrough_detail", a, walkthrough_id=walkthrough.pk)
    assert notice.email_status == EmailStatus.SENT
    (received,) = mailserver.received
    message = received.message
    assert received.rcpt_tos == ["a-teacher@example.org"]
    assert message["To"] == "a-teacher@example.org"
    assert message["Subject"] == "Feedback from your walkthrough on Sep 14 (Principal A)"
    assert message["From"].addresses[0].display_name == "District A"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://coherence.example.org/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = f"https://coherence.example.org{notice.path}"
    for body in (received.body("plain"), received.body("html")):
        assert "Students explain" in body and "Emerging" in body  # a look-for as rated
        assert "Two students explained." in body  # its evidence
        assert "Try a turn-and-talk before the share-out." in body  # the observer's note
        assert "Strong launch; pacing rushed." in body  # the visit's notes
        assert link in body
    assert '<th scope="col"' in received.body("html")  # the ratings as a real table

    # Saving it again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        principal.post(page("walkthrough_edit", a, walkthrough_id=walkthrough.pk), data)
    assert len(mailserver.received) == 1
    assert feedback_of(a, a.teacher).count() == 1


@pytest.mark.django_db
def test_sharing_through_the_api_delivers_once_whether_set_later_or_on_creation(
    world, api_for, django_capture_on_commit_callbacks
):
    a = world.a
    api = api_for(a.principal)
    url = page("api-walkthrough-detail", a, walkthrough_id=a.walkthrough.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            url, {"feedback_shared": True, "feedback_date": "2026-09-15"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["feedback_delivered_at"]
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            page("api-walkthrough-list", a),
            {
                "school": str(a.school.pk),
                "teacher": str(a.teacher2.educator.pk),
                "date": "2026-10-02",
                "look_for_set": str(a.look_for_set.pk),
                "ratings": [{"look_for": str(a.look_fors[0].pk), "rating": "evident"}],
                "feedback_shared": True,
                "feedback_date": "2026-10-02",
                "feedback_note": "Great launch.",
            },
            format="json",
        )
    assert created.status_code == 201, created.json()
    assert created.json()["feedback_delivered_at"]
    assert feedback_of(a, a.teacher).count() == 1
    (second,) = feedback_of(a, a.teacher2)
    assert second.context["feedback_note"] == "Great launch."
    # Writing feedback_delivered_at through the API changes nothing.
    api.patch(url, {"feedback_delivered_at": None}, format="json")
    assert (
        Walkthrough.objects.for_district(a.district).get(pk=a.walkthrough.pk).feedback_delivered_at
    )


@pytest.mark.django_db
def test_delivered_feedback_cannot_be_unshared(world, client_for):
    a = world.a
    client = client_for(a.principal)
    url = page("walkthrough_edit", a, walkthrough_id=a.walkthrough.pk)
    client.post(url, edit_form(a, a.walkthrough, feedback_shared="on"))
    response = client.post(url, edit_form(a, a.walkthrough))
    assert response.status_code == 400
    assert "cannot be taken back" in response.content.decode()


@pytest.mark.django_db
def test_a_teacher_without_a_login_does_not_count_as_having_received_it(world):
    a = world.a
    goals = a.look_fors[0].pk
    # other_teacher has no login: shared, but it cannot arrive.
    walkthrough_record(
        district=a.district,
        school=a.other_school,
        observer=a.principal.educator,
        teacher=a.other_teacher,
        look_for_set=a.look_for_set,
        date=date(2026, 10, 5),
        ratings={goals: "evident"},
        feedback_shared=True,
        feedback_date=date(2026, 10, 5),
    )
    # teacher2 has one: shared and received.
    walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.principal.educator,
        teacher=a.teacher2.educator,
        look_for_set=a.look_for_set,
        date=date(2026, 10, 5),
        ratings={goals: "evident"},
        feedback_shared=True,
        feedback_date=date(2026, 10, 6),
    )
    evaluated = indicators.evaluate(a.district, WINDOW, [a.school, a.other_school])

    def feedback(school):
        for cell in evaluated[school.pk]:
            for r in cell.results:
                if r.indicator.key == "walkthroughs_feedback":
                    return r.ratio

    # The school: the builder's visit to teacher (not shared) and teacher2's (received).
    assert (feedback(a.school).numerator, feedback(a.school).denominator) == (1, 2)
    # The other school: a ticked box that never reached anyone counts for nothing.
    assert (feedback(a.other_school).numerator, feedback(a.other_school).denominator) == (0, 1)


@pytest.mark.django_db
def test_the_teacher_acknowledges_with_a_reflection_the_observer_and_leaders_see(
    world, client_for, django_capture_on_commit_callbacks
):
    a = world.a
    walkthrough = a.walkthrough
    client_for(a.principal).post(
        page("walkthrough_edit", a, walkthrough_id=walkthrough.pk),
        edit_form(a, walkthrough, feedback_shared="on"),
    )
    detail = page("walkthrough_detail", a, walkthrough_id=walkthrough.pk)
    acknowledge = page("walkthrough_acknowledge", a, walkthrough_id=walkthrough.pk)
    teacher = client_for(a.teacher)
    assert "Acknowledge the feedback" in teacher.get(detail).content.decode()
    too_long = teacher.post(acknowledge, {"reflection": "x" * 1001})
    assert too_long.status_code == 400
    assert "at most 1000 characters" in too_long.content.decode()
    reflection = "I will plan the turn-and-talk into Thursday's lesson."
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(acknowledge, {"reflection": reflection})
    assert response.status_code == 302
    walkthrough.refresh_from_db()
    assert walkthrough.feedback_acknowledged_at is not None
    assert walkthrough.teacher_reflection == reflection
    # The observer hears of it, once.
    (heard,) = Notice.objects.visible_to(a.principal).filter(kind=Kind.FEEDBACK_ACKNOWLEDGED)
    assert heard.context["reflection"] == reflection
    teacher.post(acknowledge, {"reflection": reflection + " And Friday's."})
    assert (
        Notice.objects.visible_to(a.principal).filter(kind=Kind.FEEDBACK_ACKNOWLEDGED).count() == 1
    )

    for member, sees in [
        (a.principal, True),  # the observer and the school's leader
        (a.admin, True),
        (a.teacher, True),
        (a.coach, False),  # co-observed the visit: sees the visit, not the reflection
    ]:
        body = client_for(member).get(detail).content.decode()
        assert ("Thursday" in body) is sees, member.role
    history = page("api-walkthrough-history", a, walkthrough_id=walkthrough.pk)
    assert "Thursday" not in client_for(a.coach).get(history).content.decode()
    assert "Thursday" in client_for(a.principal).get(history).content.decode()
    for member in (a.teacher2, a.viewer):
        assert client_for(member).get(detail).status_code in (403, 404)
    # Only the teacher acknowledges.
    assert client_for(a.principal).post(acknowledge, {"reflection": "no"}).status_code == 403
    assert client_for(a.teacher2).post(acknowledge, {"reflection": "no"}).status_code == 404


@pytest.mark.django_db
def test_nothing_to_acknowledge_before_the_feedback_arrives(world, client_for):
    a = world.a
    acknowledge = page("walkthrough_acknowledge", a, walkthrough_id=a.walkthrough.pk)
    assert client_for(a.teacher).post(acknowledge, {"reflection": ""}).status_code == 403


@pytest.mark.django_db
def test_the_indicators_drill_down_shows_acknowledged_or_not(world, client_for):
    a = world.a
    second = walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.principal.educator,
        teacher=a.teacher2.educator,
        look_for_set=a.look_for_set,
        date=date(2026, 10, 5),
        ratings={},
        feedback_shared=True,
        feedback_date=date(2026, 10, 5),
    )
    client_for(a.principal).post(
        page("walkthrough_edit", a, walkthrough_id=a.walkthrough.pk),
        edit_form(a, a.walkthrough, feedback_shared="on"),
    )
    client_for(a.teacher).post(
        page("walkthrough_acknowledge", a, walkthrough_id=a.walkthrough.pk), {"reflection": ""}
    )
    school_page = client_for(a.principal).get(page("school_dashboard", a, school_id=a.school.pk))
    records = page("walkthrough_list", a) + f"?school={a.school.pk}"
    assert records in school_page.content.decode()  # the indicator's records link
    body = client_for(a.principal).get(records).content.decode()
    assert "acknowledged" in body and "not acknowledged" in body
    acknowledged = client_for(a.principal).get(records + "&acknowledged=yes").content.decode()
    pending = client_for(a.principal).get(records + "&acknowledged=no").content.decode()
    detail_first = page("walkthrough_detail", a, walkthrough_id=a.walkthrough.pk)
    detail_second = page("walkthrough_detail", a, walkthrough_id=second.pk)
    assert detail_first in acknowledged and detail_second not in acknowledged
    assert detail_second in pending and detail_first not in pending
    csv = client_for(a.principal).get(records + "&format=csv").content.decode()
    assert "feedback_acknowledged" in csv.splitlines()[0]


@pytest.mark.django_db
def test_acknowledging_through_the_api(world, api_for, client_for):
    a = world.a
    client_for(a.principal).post(
        page("walkthrough_edit", a, walkthrough_id=a.walkthrough.pk),
        edit_form(a, a.walkthrough, feedback_shared="on"),
    )
    url = page("api-walkthrough-acknowledge", a, walkthrough_id=a.walkthrough.pk)
    response = api_for(a.teacher).post(url, {"reflection": "Noted."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["feedback_acknowledged_at"]
    assert response.json()["teacher_reflection"] == "Noted."
    assert api_for(a.principal).post(url, {}, format="json").status_code == 403
    assert api_for(a.viewer).post(url, {}, format="json").status_code == 404
    coach_view = api_for(a.coach).get(
        page("api-walkthrough-detail", a, walkthrough_id=a.walkthrough.pk)
    )
    assert coach_view.json()["teacher_reflection"] is None
