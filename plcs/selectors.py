from django.db.models import Count, Max, QuerySet, Sum

from districts.models import Membership
from plcs.models import PLCMeeting, PLCTeam


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


def time_use(meetings: QuerySet[PLCMeeting]) -> dict:
    """Minutes per category over some meetings, and the share on instructional planning."""
    totals = meetings.aggregate(
        minutes=Sum("minutes"),
        logistics=Sum("minutes_logistics"),
        pacing=Sum("minutes_pacing"),
        surface_strategies=Sum("minutes_surface_strategies"),
        unfocused_talk=Sum("minutes_unfocused_talk"),
        instructional_planning=Sum("minutes_instructional_planning"),
        meetings=Count("pk"),
    )
    totals = {k: v or 0 for k, v in totals.items()}
    totals["planning_share"] = (
        totals["instructional_planning"] / totals["minutes"] if totals["minutes"] else None
    )
    return totals
