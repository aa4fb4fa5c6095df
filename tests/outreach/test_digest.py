"""The Monday digest: early on Monday in the district's time zone, to admins and school
leaders (viewers who ask), with the dashboard's own figures for the same week, scoped to
what the person may see and naming no teacher."""

from datetime import date

import pytest
import time_machine
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse

from dashboard import selectors as dashboard
from districts.models import Educator
from notices.models import Kind, Notice
from notices.services import notice_preferences_save
from outreach.digest import digest_for
from subsystems.leadership.services import walkthrough_record
from subsystems.models import IndicatorGoal
from tests.outreach.scenario import at_utc, run_beat_at

MONDAY = date(2026, 12, 7)
MONDAY_6AM_CHICAGO = at_utc(2026, 12, 7, 12, 5)


def digests(tenant):
    return Notice.objects.for_district(tenant.district).filter(kind=Kind.DIGEST)


def feedback_turns_met(tenant):
    """The feedback indicator's goal at 50 %: a gap last week (the Sep visit, not shared),
    met this week (two visits of Dec 2, shared and received)."""
    IndicatorGoal.objects.create(district=tenant.district, key="walkthroughs_feedback", goal=50)
    for _ in range(2):
        walkthrough_record(
            district=tenant.district,
            school=tenant.school,
            observer=tenant.principal.educator,
            teacher=tenant.teacher2.educator,
            look_for_set=tenant.look_for_set,
            date=date(2026, 12, 2),
            ratings={},
            feedback_shared=True,
            feedback_date=date(2026, 12, 2),
        )


@pytest.mark.django_db
def test_the_digest_comes_early_on_monday_in_the_districts_time_zone_to_who_wants_it(
    world, mailserver, django_capture_on_commit_callbacks
):
    a, b = world.a, world.b
    b.district.time_zone = "Europe/Paris"
    b.district.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 7, 4, 5))  # 05:05 in Paris, Sunday 22:05 in Chicago
    assert not digests(a).exists() and not digests(b).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 7, 5, 5))  # 06:05 in Paris
    assert not digests(a).exists()
    assert {n.recipient_id for n in digests(b)} == {b.admin.pk, b.principal.pk}
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(MONDAY_6AM_CHICAGO)
        run_beat_at(at_utc(2026, 12, 7, 13, 5))  # again at 07:05: nothing twice
    assert {n.recipient_id for n in digests(a)} == {a.admin.pk, a.principal.pk}
    assert digests(b).count() == 2
    sent = [m for m in mailserver.received if "digest" in m.message["Subject"]]
    assert sorted(m.rcpt_tos[0] for m in sent) == [
        "a-admin@example.org",
        "a-principal@example.org",
        "b-admin@example.org",
        "b-principal@example.org",
    ]
    # Not on Tuesday.
    run_beat_at(at_utc(2026, 12, 8, 12, 5))
    assert digests(a).count() == 2


@pytest.mark.django_db
def test_the_digests_figures_are_the_dashboards_for_the_same_week(world, client_for):
    a = world.a
    feedback_turns_met(a)
    with time_machine.travel(MONDAY_6AM_CHICAGO, tick=False):
        digest = digest_for(a.admin, MONDAY)
        data = dashboard.build(a.admin, dashboard.Filters())
        page = client_for(a.admin).get(reverse("dashboard", args=[a.district.slug]))
    body = page.content.decode()
    # Hours: the headline and last week's point of the week-by-week series.
    assert digest.now.headline.minutes == data.headline.minutes
    assert digest.now.headline.prorated_target == data.headline.prorated_target
    assert digest.now.headline.projection == data.headline.projection
    last_week = next(p for p in data.series if p.week_start == date(2026, 11, 30))
    assert digest.last_week == last_week
    shown = floatformat(data.headline.meaningful_hours, 1)
    assert f"{shown} h</span> meaningful PL per teacher" in body
    hours_lines = digest.sections[0].lines
    assert f"So far this year: {shown} h per teacher" in hours_lines[1].text
    assert f"of {floatformat(data.headline.prorated_target, 1)} h due by now" in hours_lines[1].text
    # The pace of a week: the pro-rated target's growth over it, as the chart draws it.
    before = next(p for p in data.series if p.week_start == date(2026, 11, 23))
    assert digest.pace == last_week.target_hours - before.target_hours > 0
    # The biggest gaps: the dashboard's own list.
    assert [(s.pk, r.indicator.key, r.value) for s, r in digest.gaps] == [
        (s.pk, r.indicator.key, r.value) for s, r in data.gaps[:5]
    ]
    for school, result in digest.gaps:
        assert f"{school.name}: {result.indicator.label} at" in str(digest.context())
    # What changed since last week: the dashboard's evaluation a week apart.
    changed = {(c.school.pk if c.school else None, c.result.indicator.key) for c in digest.changes}
    assert (a.school.pk, "walkthroughs_feedback") in changed
    assert (None, "walkthroughs_feedback") in changed
    line = next(
        line.text for line in digest.sections[1].lines if line.text.startswith("A School 1")
    )
    assert line == "A School 1: Walkthroughs with feedback shared turned met at 66.7 %, goal 50 %."


@pytest.mark.django_db
def test_the_digest_links_every_line_to_the_page_behind_it(
    world, mailserver, django_capture_on_commit_callbacks
):
    a = world.a
    feedback_turns_met(a)
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(MONDAY_6AM_CHICAGO)
    message = next(m for m in mailserver.received if m.rcpt_tos == ["a-admin@example.org"])
    assert message.message["Subject"] == "Your Monday digest: District A, Dec 7"
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, text = message.body("html"), message.body("plain")
    site = "https://coherence.example.org"
    school_page = f"{site}{reverse('school_dashboard', args=[a.district.slug, a.school.pk])}"
    assert f'href="{school_page}#leadership"' in html and f"{school_page}#leadership" in text
    assert f"{site}/d/{a.district.slug}/dashboard/#headline" in text
    assert f"{site}/d/{a.district.slug}/dashboard/#trend" in text
    notice = digests(a).get(recipient=a.admin)
    for section in notice.context["sections"]:
        for line in section["lines"]:
            assert line["path"].startswith(f"/d/{a.district.slug}/"), line
            # Every linked page opens for the person the digest went to.
            client = Client()
            client.force_login(a.admin.user)
            assert client.get(line["path"].split("#")[0]).status_code == 200


@pytest.mark.django_db
def test_a_digest_shows_a_leader_their_schools_and_names_no_teacher(world):
    a = world.a
    feedback_turns_met(a)
    notice_preferences_save(
        district=a.district,
        membership=a.viewer,
        email_feedback=False,
        email_reply=False,
        email_reminder=False,
        digest=True,
    )
    run_beat_at(MONDAY_6AM_CHICAGO)
    by_person = {n.recipient_id: str(n.context) for n in digests(a)}
    assert set(by_person) == {a.admin.pk, a.principal.pk, a.viewer.pk}
    assert "A School 2" not in by_person[a.principal.pk]  # not one of the principal's schools
    assert "your schools: A School 1" in by_person[a.principal.pk]
    names = [e.full_name for e in Educator.objects.for_district(a.district)]
    names += [e.full_name for e in Educator.objects.for_district(world.b.district)]
    for member_id, text in by_person.items():
        for name in names:
            assert name not in text, (member_id, name)
        assert "District B" not in text and "B School" not in text


@pytest.mark.django_db
def test_unsubscribing_from_the_digest_stops_it(
    world, mailserver, django_capture_on_commit_callbacks
):
    a = world.a
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(MONDAY_6AM_CHICAGO)
    message = next(m for m in mailserver.received if m.rcpt_tos == ["a-principal@example.org"])
    url = message.message["List-Unsubscribe"].strip().strip("<>")
    assert Client().post(url.removeprefix("https://coherence.example.org")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        run_beat_at(at_utc(2026, 12, 14, 12, 5))  # the next Monday
    assert not digests(a).filter(recipient=a.principal, key="digest:2026-12-14").exists()
    assert digests(a).filter(recipient=a.admin, key="digest:2026-12-14").exists()


@pytest.mark.django_db
def test_no_school_year_no_digest(cast):
    from districts.models import SchoolYear

    SchoolYear.objects.for_district(cast.a.district).delete()
    run_beat_at(MONDAY_6AM_CHICAGO)
    assert not digests(cast.a).exists()
    assert digests(cast.b).exists()
