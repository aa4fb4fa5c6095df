"""Which reminders are due in a district today, and to whom: to the one person who can act
on each, and to no one else.

- a key result without a check-in for 30 days: its objective's owner, who may check it in;
- a PLC team that usually meets every week and logged no meeting last week: its
  facilitator, who may record the meeting;
- walkthrough feedback not shared 48 hours after the visit: the observer;
- a coaching cycle ending within a week without a closing note: its coach.

Each reason comes from its own app's selector; the permissions say who can act.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from coaching.permissions import can_edit_cycle
from coaching.selectors import cycles_closing_without_note
from districts.models import District, Membership
from pl_hours.rules import monday
from pl_hours.selectors import year_in_view
from plcs.permissions import can_record_meeting
from plcs.selectors import teams_that_missed_their_week
from subsystems.leadership.permissions import can_edit_walkthrough
from subsystems.leadership.selectors import feedback_not_shared
from subsystems.plan.permissions import can_edit_objective
from subsystems.plan.selectors import key_results_without_check_in


@dataclass(frozen=True)
class Due:
    """One thing one person should do, with the page where they do it."""

    recipient: Membership
    item: str  # what it is about, stable from day to day
    text: str
    path: str
    about: tuple = ()  # the educators it names (erasing one takes the reminder too)


class _Members:
    """The district's logins, by user and by roster record: one query."""

    def __init__(self, district: District):
        self.by_user: dict = {}
        self.by_educator: dict = {}
        for member in Membership.objects.for_district(district).select_related(
            "user", "district", "educator"
        ):
            self.by_user[member.user_id] = member
            if member.educator_id:
                self.by_educator[member.educator_id] = member


def due_reminders(district: District, today: date) -> list[Due]:
    members = _Members(district)
    return [
        *_key_results(district, today, members),
        *_plc_teams(district, today, members),
        *_feedback(district, today, members),
        *_cycles(district, today, members),
    ]


def _key_results(district: District, today: date, members: _Members) -> list[Due]:
    due = []
    for kr, last_check_in in key_results_without_check_in(district, today):
        owner = members.by_user.get(kr.objective.owner_id)
        if owner is None or not can_edit_objective(owner, kr.objective):
            continue
        since = f"no check-in since {last_check_in:%b %-d}" if last_check_in else "no check-in yet"
        due.append(
            Due(
                recipient=owner,
                item=f"key-result:{kr.pk}",
                text=f"Check in “{kr.title}”: {since} (due {kr.due_date:%b %-d})",
                path=reverse("check_in", args=[district.slug, kr.pk]),
            )
        )
    return due


def _plc_teams(district: District, today: date, members: _Members) -> list[Due]:
    """Last week's teams, on the weekdays of this week (once, by the item's week)."""
    year = year_in_view(district, today=today)
    week = monday(today) - timedelta(weeks=1)
    if year is None or week not in year.weeks.all:
        return []  # a break, or outside the school year: no meeting was expected
    before = [w for w in year.weeks.all if w < week]
    due = []
    for team in teams_that_missed_their_week(district, week, before):
        facilitator = members.by_educator.get(team.facilitator_id)
        if facilitator is None or not can_record_meeting(facilitator, team):
            continue
        due.append(
            Due(
                recipient=facilitator,
                item=f"plc-week:{team.pk}:{week}",
                text=f"{team.name} ({team.school}) logged no meeting in the week of "
                f"{week:%b %-d}; it usually meets every week. Record it if it met",
                path=reverse("plc_meeting_create", args=[district.slug, team.pk]),
            )
        )
    return due


def _feedback(district: District, today: date, members: _Members) -> list[Due]:
    due = []
    for walkthrough in feedback_not_shared(district, today):
        observer = members.by_educator.get(walkthrough.observer_id)
        if observer is None or not can_edit_walkthrough(observer, walkthrough):
            continue
        due.append(
            Due(
                recipient=observer,
                item=f"walkthrough-feedback:{walkthrough.pk}",
                text=f"Share your feedback with {walkthrough.teacher} from the walkthrough on "
                f"{walkthrough.date:%b %-d}",
                path=reverse("walkthrough_edit", args=[district.slug, walkthrough.pk]),
                about=(walkthrough.teacher_id,),
            )
        )
    return due


def _cycles(district: District, today: date, members: _Members) -> list[Due]:
    due = []
    for cycle in cycles_closing_without_note(district, today):
        coach = members.by_educator.get(cycle.coach_id)
        if coach is None or not can_edit_cycle(coach, cycle):
            continue
        in_cycle = list(cycle.teachers.all())
        teachers = ", ".join(t.full_name for t in in_cycle)
        due.append(
            Due(
                recipient=coach,
                item=f"cycle-closing:{cycle.pk}",
                text=f"Write the closing note of your coaching cycle with {teachers} "
                f"(it ends {cycle.end_date:%b %-d})",
                path=reverse("coaching_cycle_edit", args=[district.slug, cycle.pk]),
                about=tuple(t.pk for t in in_cycle),
            )
        )
    return due
