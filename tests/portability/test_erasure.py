"""Erasing a former educator: every figure stays, no personal data of theirs stays."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.urls import reverse

from audit.models import AuditEvent, AuditKind
from coaching.services import coaching_notes_acknowledge, coaching_session_record
from districts.models import Educator, Membership
from districts.services import educator_save
from notices.models import Notice
from outreach.services import reminders_send
from pl_hours import selectors as hours
from pl_hours.models import LedgerEntry, SchoolWeekRollup, WeeklyRollup
from pl_hours.rollups import rollups_recompute
from pl_hours.services import manual_entry_record
from portability.archive import district_models
from portability.erasure import educator_erase
from subsystems.leadership.services import walkthrough_feedback_acknowledge, walkthrough_record
from subsystems.models import Walkthrough

FIRST, LAST, EMAIL = "Zephyrine", "Quillfeather", "zephyrine.q@a.example.org"
NOTE = "Zephyrine rushed the launch; Quillfeather family leave in May."


def totals(district) -> dict:
    year = hours.year_in_view(district)
    summary, lines = hours.district_hours(year)
    sums = {
        model.__name__: model.objects.for_district(district).aggregate(
            total=Sum("total_minutes"), meaningful=Sum("meaningful_minutes")
        )
        for model in (WeeklyRollup, SchoolWeekRollup)
    }
    return {
        "ledger": LedgerEntry.objects.for_district(district).aggregate(m=Sum("minutes"))["m"],
        "rollups": sums,
        "district": (summary.educators, summary.meaningful_hours, summary.total_hours),
        "schools": sorted((ln.school.code, ln.hours.meaningful_hours, ln.statuses) for ln in lines),
    }


def personal_text_left(district, needles) -> list[str]:
    """Every text column of every table of the district (history and audit included) that
    still holds one of ``needles``."""
    found = []
    for model in district_models():
        text = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.EmailField | models.JSONField
            )
        ]
        for row in model._default_manager.filter(district=district).values(*text):
            for column, value in row.items():
                shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
                if value and any(n.lower() in str(shown).lower() for n in needles):
                    found.append(f"{model._meta.label}.{column}: {value}")
    return found


@pytest.fixture
def departed(world):
    """Teacher A, renamed to a name no one else has, with notes about them everywhere."""
    a = world.a
    teacher = a.teacher.educator
    educator_save(
        district=a.district, educator=teacher, first_name=FIRST, last_name=LAST, email=EMAIL
    )
    a.teacher.user.first_name, a.teacher.user.last_name = FIRST, LAST
    a.teacher.user.email = EMAIL
    a.teacher.user.save()
    walkthrough_record(
        district=a.district,
        walkthrough=a.walkthrough,
        school=a.school,
        observer=a.principal.educator,
        teacher=teacher,
        look_for_set=a.look_for_set,
        date=a.walkthrough.date,
        notes=NOTE,
        feedback_shared=True,
        feedback_date=a.walkthrough.date,
        feedback_note=f"Talked with {FIRST} about pacing.",
        ratings={lf.pk: ("emerging", f"{FIRST} modelled once.") for lf in a.look_fors},
    )
    coaching_session_record(
        district=a.district,
        session=a.coaching_session,
        cycle=a.coaching_cycle,
        date=a.coaching_session.date,
        kind=a.coaching_session.kind,
        minutes=a.coaching_session.minutes,
        teachers_present=[teacher],
        notes=NOTE,
        next_steps="Tries the snowflake warm-up.",
        shared_with_teachers=True,
    )
    # They acknowledged both, naming themselves; a reminder to their observer names them.
    walkthrough_feedback_acknowledge(
        district=a.district,
        walkthrough=Walkthrough.objects.for_district(a.district).get(pk=a.walkthrough.pk),
        membership=a.teacher,
        reflection=f"{LAST}: I will slow the launch.",
    )
    coaching_notes_acknowledge(
        district=a.district,
        session=a.coaching_session,
        membership=a.teacher,
        reflection=f"{LAST} will try it.",
    )
    walkthrough_record(
        district=a.district,
        school=a.school,
        observer=a.principal.educator,
        teacher=teacher,
        look_for_set=a.look_for_set,
        date=date(2026, 11, 27),
        ratings={},
    )
    reminders_send(district=a.district, today=date(2026, 12, 2))
    manual_entry_record(
        district=a.district,
        educator=teacher,
        date=a.coaching_session.date,
        description=f"{LAST} summer institute",
        minutes=90,
        category="instructional_planning",
        math_specific=True,
    )
    # They leave: no longer active (this changes figures, as a departure does).
    educator_save(district=a.district, educator=teacher, active=False)
    rollups_recompute(district=a.district)
    return world


@pytest.mark.django_db
def test_erasing_keeps_every_figure_and_leaves_nothing_personal(departed, client_for):
    a = departed.a
    teacher = a.teacher.educator
    assert personal_text_left(a.district, [FIRST, LAST, EMAIL])  # the test can fail
    named = Notice.objects.for_district(a.district).exclude(recipient=a.teacher)
    assert {n.kind for n in named} >= {"feedback_acknowledged", "reminders"}
    before, b_before = totals(a.district), totals(departed.b.district)

    response = client_for(a.admin).post(
        reverse("educator_erase", args=[a.district.slug, teacher.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    rollups_recompute(district=a.district)

    assert totals(a.district) == before
    assert totals(departed.b.district) == b_before
    assert (
        personal_text_left(
            a.district,
            [FIRST, LAST, EMAIL, "rushed the launch", "modelled once", "snowflake warm-up"],
        )
        == []
    )
    # The principal's other notices stay (the reminder and acknowledgement naming them went).
    assert not Notice.objects.for_district(a.district).filter(kind="feedback_acknowledged")
    teacher.refresh_from_db()
    assert teacher.full_name == "Former educator" and teacher.school == a.school
    assert set(Educator.history.filter(id=teacher.pk).values_list("first_name", flat=True)) == {
        "Former"
    }
    walkthrough = Walkthrough.objects.for_district(a.district).get(pk=a.walkthrough.pk)
    assert walkthrough.notes == "" and {r.evidence for r in walkthrough.ratings.all()} == {""}
    assert {r.rating for r in walkthrough.ratings.all()} == {"emerging"}  # not personal: kept
    # Their access ended; a login in no other district is emptied and disabled.
    assert not Membership.objects.for_district(a.district).filter(educator=teacher).exists()
    user = a.teacher.user
    user.refresh_from_db()
    assert (user.first_name, user.email, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    erased = AuditEvent.objects.for_district(a.district).get(kind=AuditKind.ERASURE)
    assert erased.actor == a.admin.user and erased.subject_id == teacher.pk


@pytest.mark.django_db
def test_an_active_educator_is_not_erased(world, client_for):
    a = world.a
    with pytest.raises(ValidationError, match="no longer active"):
        educator_erase(district=a.district, educator=a.teacher2.educator)
    url = reverse("educator_erase", args=[a.district.slug, a.teacher2.educator.pk])
    page = client_for(a.admin).get(url).content.decode()
    assert "mark them as no longer active" in page


@pytest.mark.django_db
def test_erasure_asks_to_confirm_and_is_for_admins_only(departed, client_for):
    a = departed.a
    url = reverse("educator_erase", args=[a.district.slug, a.teacher.educator.pk])
    refused = client_for(a.admin).post(url, {})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    for role in ("principal", "coach", "teacher2", "viewer"):
        assert client_for(a.member(role)).post(url, {"confirm": "yes"}).status_code == 403
    assert (
        Educator.objects.for_district(a.district).get(pk=a.teacher.educator.pk).first_name == FIRST
    )


def test_every_model_with_a_district_is_archived():
    names = {m._meta.label_lower for m in district_models()}
    with_district = {
        m._meta.label_lower
        for m in apps.get_models()
        if any(f.name == "district" and f.is_relation for f in m._meta.concrete_fields)
    }
    assert names == with_district


@pytest.mark.django_db
def test_the_api_erases_a_former_educator_and_refuses_an_active_one(departed, api_for):
    a = departed.a
    url = reverse("api-erasure", args=[a.district.slug])
    before = totals(a.district)
    active = api_for(a.admin).post(url, {"educator": str(a.teacher2.educator.pk)}, format="json")
    assert active.status_code == 400 and "no longer active" in str(active.json())
    for role in ("principal", "coach", "viewer"):
        assert (
            api_for(a.member(role))
            .post(url, {"educator": str(a.teacher.educator.pk)}, format="json")
            .status_code
            == 403
        )
    other = api_for(a.admin).post(url, {"educator": str(departed.b.teacher.educator.pk)})
    assert other.status_code == 400 and "educator" in other.json()
    done = api_for(a.admin).post(url, {"educator": str(a.teacher.educator.pk)}, format="json")
    assert done.status_code == 200 and done.json()["shown_as"] == "Former educator"
    rollups_recompute(district=a.district)
    assert totals(a.district) == before
    assert personal_text_left(a.district, [FIRST, LAST, EMAIL]) == []
