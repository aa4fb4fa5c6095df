"""Reads of PLC teams and meetings, and the one reader of how PLC time is used.

The team page, the school drill-down, the PLC indicators and the measured key
results all read time use through ``time_use`` / ``time_use_by_school``, so a
figure such as "PLC minutes on planning" has one formula wherever it shows.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from districts.corrections import Change, change_log, recently_deleted
from districts.models import District, Membership
from pl_hours.rules import CATEGORIES, MEANINGFUL, Category
from plcs.models import PLCAttendance, PLCMeeting, PLCTeam


def teams_for_page(membership: Membership) -> QuerySet[PLCTeam]:
    return (
        PLCTeam.objects.visible_to(membership)
        .select_related("school", "facilitator")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__date"),
            member_count=Count("memberships", distinct=True),
        )
    )


def last_meeting(team: PLCTeam) -> PLCMeeting | None:
    return (
        PLCMeeting.objects.for_district(team.district_id)
        .filter(team=team)
        .order_by("-date", "-created_at")
        .first()
    )


def deleted_meetings(team: PLCTeam) -> list:
    """The team's meetings deleted in the days they can be restored, newest first."""
    return recently_deleted(PLCMeeting, team.district, rows={"team_id": team.pk})


def meeting_history(meeting: PLCMeeting) -> list[Change]:
    return change_log(meeting, [(PLCAttendance, "meeting", "educator")])


def meetings_between(district: District, start: date, end: date) -> QuerySet[PLCMeeting]:
    return PLCMeeting.objects.for_district(district).filter(date__range=(start, end))


def active_team_counts(district: District) -> dict:
    """School id → how many active PLC teams it has."""
    return dict(
        PLCTeam.objects.for_district(district)
        .filter(active=True)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )


@dataclass(frozen=True)
class TimeUse:
    """How some PLC meetings' minutes were used."""

    minutes: int
    by_category: dict[str, int]
    meetings: int
    deep_meetings: int  # meetings that analysed student work or rehearsed a lesson

    @property
    def planning(self) -> int:
        return self.by_category[MEANINGFUL]

    @property
    def planning_share(self) -> Decimal | None:
        return Decimal(self.planning) / self.minutes if self.minutes else None

    @property
    def categories(self) -> list[tuple[str, str, int, Decimal]]:
        """(category, label, minutes, share of the minutes) in the research's order."""
        return [
            (
                c,
                Category(c).label,
                self.by_category[c],
                Decimal(self.by_category[c]) / self.minutes if self.minutes else Decimal(0),
            )
            for c in CATEGORIES
        ]

    @property
    def shares(self) -> list[tuple[str, str, Decimal]]:
        """(category, label, share of the minutes), as the charts take them."""
        return [(c, label, share) for c, label, _, share in self.categories]


_SUMS = {
    "minutes": Sum("minutes"),
    **{c: Sum(f"minutes_{c}") for c in CATEGORIES},
    "meetings": Count("pk"),
    "deep": Count("pk", filter=Q(analysed_student_work=True) | Q(rehearsed_lesson=True)),
}


def _time_use(row: Mapping[str, Any]) -> TimeUse:
    return TimeUse(
        minutes=row["minutes"] or 0,
        by_category={c: row[c] or 0 for c in CATEGORIES},
        meetings=row["meetings"] or 0,
        deep_meetings=row["deep"] or 0,
    )


def time_use(meetings: QuerySet[PLCMeeting]) -> TimeUse:
    """Time use over some meetings, in one query."""
    return _time_use(meetings.aggregate(**_SUMS))


def time_use_by_school(meetings: QuerySet[PLCMeeting]) -> dict:
    """School id → time use of its teams' meetings, in one grouped query."""
    rows = meetings.values("team__school_id").annotate(**_SUMS).order_by()
    return {row["team__school_id"]: _time_use(row) for row in rows}


# A team "usually meets every week" when it met in this many of the instructional weeks
# before (the PLC indicator's goal is three meetings a month).
USUAL_WEEKS, USUALLY_MET = 4, 3


def teams_that_missed_their_week(
    district: District, week: date, weeks_before: list[date]
) -> list[PLCTeam]:
    """Active teams with a facilitator that usually meet every week (in ``USUALLY_MET`` of
    the ``weeks_before``) but logged no meeting in the week starting ``week``."""
    if len(weeks_before) < USUAL_WEEKS:
        return []
    weeks_before = weeks_before[-USUAL_WEEKS:]
    met: dict[Any, set[date]] = {}
    for team_id, day in (
        PLCMeeting.objects.for_district(district)
        .filter(date__gte=weeks_before[0], date__lte=week + timedelta(days=6))
        .values_list("team_id", "date")
    ):
        met.setdefault(team_id, set()).add(day - timedelta(days=day.weekday()))
    return [
        team
        for team in PLCTeam.objects.for_district(district)
        .filter(active=True, facilitator__isnull=False)
        .select_related("school", "facilitator")
        .order_by("name")
        if week not in met.get(team.pk, set())
        and len(met.get(team.pk, set()) & set(weeks_before)) >= USUALLY_MET
    ]
