from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin
from pl_hours.api import ActivityViewSet
from plcs import services
from plcs.filters import PLCMeetingFilter, PLCTeamFilter
from plcs.models import PLCAttendance, PLCMeeting, PLCTeam
from plcs.permissions import VIEW_ROLES, WRITE_ROLES, can_manage_teams, can_record_meeting
from plcs.serializers import PLCMeetingSerializer, PLCTeamSerializer


class PLCTeamViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = PLCTeam
    serializer_class = PLCTeamSerializer
    filterset_class = PLCTeamFilter
    lookup_url_kwarg = "team_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    service = services.plc_team_save
    instance_kwarg = "team"

    def district_queryset(self):
        return PLCTeam.objects.visible_to(self.membership).prefetch_related("members")

    def check_write(self, data, instance):
        if not can_manage_teams(self.membership, data["school"].pk):
            raise PermissionDenied("School leaders and district admins manage PLC teams.")


class PLCMeetingViewSet(ActivityViewSet):
    """PLC meetings: time use, practices, attendees; each save regenerates the ledger."""

    model = PLCMeeting
    serializer_class = PLCMeetingSerializer
    filterset_class = PLCMeetingFilter
    lookup_url_kwarg = "meeting_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    service = services.plc_meeting_record
    delete_service = services.plc_meeting_delete
    restore_service = services.plc_meeting_restore
    restore_kwarg = "meeting_id"
    instance_kwarg = "meeting"
    history_children = [(PLCAttendance, "meeting", "educator")]

    def district_queryset(self):
        return (
            PLCMeeting.objects.visible_to(self.membership)
            .select_related("team")
            .prefetch_related("attendees")
        )

    def check_write(self, data, instance):
        if not can_record_meeting(self.membership, data["team"]):
            raise PermissionDenied("You can record meetings of teams in your schools.")

    def check_delete(self, instance):
        self.check_write({"team": instance.team}, instance)
