from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport
from districts.models import School
from districts.web import (
    by_school,
    confirm_delete_page,
    deleted_rows,
    form_page,
    get_deleted_or_404,
    list_page,
    restore_page,
)
from pl_hours.rules import RESEARCH_PLANNING_SHARE
from pl_hours.web import activity_form_page
from plcs import selectors, services
from plcs.forms import PLCMeetingForm, PLCTeamForm
from plcs.models import PLCMeeting, PLCTeam
from plcs.permissions import (
    VIEW_ROLES,
    WRITE_ROLES,
    can_manage_teams,
    can_record_meeting,
    team_form_choices,
)

TEAM_CSV = CsvExport(
    "plc-teams",
    [
        ("school", "school.name"),
        ("team", "name"),
        ("grade_or_course", "grade_band"),
        ("facilitator", "facilitator"),
        ("members", "member_count"),
        ("meetings", "meeting_count"),
        ("last_meeting", "last_meeting"),
    ],
    names=True,
)


@district_view(*VIEW_ROLES)
def team_list(request):
    teams, school_id = by_school(request, selectors.teams_for_page(request.membership))
    return list_page(
        request,
        teams,
        template="plcs/team_list.html",
        export=TEAM_CSV,
        per_page=None,
        context={
            "teams": teams,
            "schools": School.objects.for_district(request.district),
            "school_id": school_id,
            "can_add": can_manage_teams(request.membership),
        },
    )


def _visible_team(request, team_id) -> PLCTeam:
    return get_for_district_or_404(
        PLCTeam.objects.visible_to(request.membership), request.district, team_id
    )


@district_view(*VIEW_ROLES)
def team_detail(request, team_id):
    team = _visible_team(request, team_id)
    meetings = PLCMeeting.objects.for_district(request.district).filter(team=team)
    page = Paginator(meetings.select_related("priority"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "plcs/team_detail.html",
        {
            "team": team,
            "members": team.members.all(),
            "page": page,
            "usage": selectors.time_use(meetings),
            "deleted": deleted_rows(
                selectors.deleted_meetings(team),
                url_name="plc_meeting_restore",
                slug=request.district.slug,
                label=lambda entry: f"Meeting of {entry.date:%b %-d, %Y}",
            )
            if can_record_meeting(request.membership, team)
            else [],
            "research_share": RESEARCH_PLANNING_SHARE,
            "can_record": can_record_meeting(request.membership, team),
            "can_edit": can_manage_teams(request.membership, team.school_id),
        },
    )


def _team_form(request, team):
    district = request.district
    schools, educators = team_form_choices(request.membership)
    form = PLCTeamForm(
        request.POST or None,
        instance=team,
        district=district,
        schools=schools,
        educators=educators,
    )
    return form_page(
        request,
        form,
        lambda data: services.plc_team_save(district=district, team=team, **data),
        title=f"Edit {team}" if team else "Add a PLC team",
        back="plc_teams",
        success="Team saved.",
        success_url=lambda saved: reverse("plc_team_detail", args=[district.slug, saved.pk]),
    )


@district_view(*WRITE_ROLES)
def team_create(request):
    if not can_manage_teams(request.membership):
        raise PermissionDenied("School leaders and district admins set up PLC teams.")
    return _team_form(request, None)


@district_view(*WRITE_ROLES)
def team_edit(request, team_id):
    team = _visible_team(request, team_id)
    if not can_manage_teams(request.membership, team.school_id):
        raise PermissionDenied("School leaders and district admins edit PLC teams.")
    return _team_form(request, team)


def _meeting_form(request, team, meeting):
    district = request.district
    if not can_record_meeting(request.membership, team):
        raise PermissionDenied("You can record meetings of teams in your schools.")
    last = selectors.last_meeting(team) if meeting is None else None
    like = last if request.GET.get("like") == "last" else None
    form = PLCMeetingForm(
        request.POST or None, instance=meeting, district=district, team=team, like=like
    )
    team_url = reverse("plc_team_detail", args=[district.slug, team.pk])
    return activity_form_page(
        request,
        form,
        lambda data: services.plc_meeting_record(
            district=district, meeting=meeting, team=team, **data
        ),
        template="plcs/meeting_form.html",
        back=team_url,
        success="Meeting saved. Attendees' hours are updated.",
        context={
            "team": team,
            "meeting": meeting,
            "last_meeting": last,
            "changes": selectors.meeting_history(meeting) if meeting else [],
        },
    )


@district_view(*WRITE_ROLES)
def meeting_create(request, team_id):
    return _meeting_form(request, _visible_team(request, team_id), None)


def _visible_meeting(request, meeting_id) -> PLCMeeting:
    return get_for_district_or_404(
        PLCMeeting.objects.visible_to(request.membership).select_related("team"),
        request.district,
        meeting_id,
    )


@district_view(*WRITE_ROLES)
def meeting_edit(request, meeting_id):
    meeting = _visible_meeting(request, meeting_id)
    return _meeting_form(request, meeting.team, meeting)


@district_view(*WRITE_ROLES)
def meeting_delete(request, meeting_id):
    meeting = _visible_meeting(request, meeting_id)
    if not can_record_meeting(request.membership, meeting.team):
        raise PermissionDenied("You can delete meetings of teams in your schools.")
    return confirm_delete_page(
        request,
        meeting,
        lambda: services.plc_meeting_delete(district=request.district, meeting=meeting),
        back=reverse("plc_team_detail", args=[request.district.slug, meeting.team_id]),
        consequence="Its minutes leave the hours of everyone who attended.",
    )


@require_POST
@district_view(*WRITE_ROLES)
def meeting_restore(request, meeting_id):
    deleted = get_deleted_or_404(PLCMeeting, request.district, meeting_id)
    team = get_for_district_or_404(
        PLCTeam.objects.visible_to(request.membership), request.district, deleted.team_id
    )
    if not can_record_meeting(request.membership, team):
        raise PermissionDenied("You can restore meetings of teams in your schools.")
    return restore_page(
        request,
        lambda: services.plc_meeting_restore(district=request.district, meeting_id=meeting_id),
        back=reverse("plc_team_detail", args=[request.district.slug, team.pk]),
        noun="meeting",
    )
