from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.csv_export import csv_response, wants_csv
from districts.models import School
from pl_hours.forms import initial_readout
from pl_hours.rules import CATEGORIES, RESEARCH_PLANNING_SHARE, Category
from plcs import selectors, services
from plcs.forms import PLCMeetingForm, PLCTeamForm, team_form_choices
from plcs.models import PLCMeeting, PLCTeam
from plcs.permissions import VIEW_ROLES, WRITE_ROLES, can_manage_teams, can_record_meeting


@district_view(*VIEW_ROLES)
def team_list(request):
    teams = selectors.teams_for_page(request.membership)
    school_id = request.GET.get("school")
    schools = School.objects.for_district(request.district)
    if school_id:
        teams = teams.filter(school_id=school_id) if is_uuid(school_id) else teams.none()
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-plc-teams.csv",
            [
                "school",
                "team",
                "grade_or_course",
                "facilitator",
                "members",
                "meetings",
                "last_meeting",
            ],
            (
                [
                    t.school.name,
                    t.name,
                    t.grade_band,
                    t.facilitator or "",
                    t.member_count,
                    t.meeting_count,
                    t.last_meeting or "",
                ]
                for t in teams
            ),
        )
    return render(
        request,
        "plcs/team_list.html",
        {
            "teams": teams,
            "schools": schools,
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
    usage = selectors.time_use(meetings)
    page = Paginator(meetings.select_related("priority"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "plcs/team_detail.html",
        {
            "team": team,
            "members": team.members.all(),
            "page": page,
            "usage": usage,
            "categories": [(c, Category(c).label, usage[c]) for c in CATEGORIES],
            "research_share": RESEARCH_PLANNING_SHARE,
            "can_record": can_record_meeting(request.membership, team),
            "can_edit": can_manage_teams(request.membership, team.school_id),
        },
    )


def _team_form(request, team):
    district, membership = request.district, request.membership
    schools, educators = team_form_choices(district, membership)
    form = PLCTeamForm(
        request.POST or None,
        instance=team,
        district=district,
        schools=schools,
        educators=educators,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plc_team_save(district=district, team=team, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Team saved.")
            return redirect("plc_team_detail", district_slug=district.slug, team_id=saved.pk)
    return render(
        request,
        "districts/object_form.html",
        {"form": form, "title": f"Edit {team}" if team else "Add a PLC team", "back": "plc_teams"},
        status=400 if form.errors else 200,
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
    form = PLCMeetingForm(request.POST or None, instance=meeting, district=district, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.plc_meeting_record(
                district=district, meeting=meeting, team=team, **form.service_kwargs()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Meeting saved. Attendees' hours are updated.")
            return redirect("plc_team_detail", district_slug=district.slug, team_id=team.pk)
    return render(
        request,
        "plcs/meeting_form.html",
        {
            "form": form,
            "team": team,
            "meeting": meeting,
            "readout": initial_readout(form),
            "back": reverse("plc_team_detail", args=[district.slug, team.pk]),
        },
        status=400 if form.errors else 200,
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


@require_POST
@district_view(*WRITE_ROLES)
def meeting_delete(request, meeting_id):
    meeting = _visible_meeting(request, meeting_id)
    if not can_record_meeting(request.membership, meeting.team):
        raise PermissionDenied("You can delete meetings of teams in your schools.")
    services.plc_meeting_delete(district=request.district, meeting=meeting)
    messages.success(request, "Meeting deleted; attendees' hours are updated.")
    return redirect("plc_team_detail", district_slug=request.district.slug, team_id=meeting.team_id)
