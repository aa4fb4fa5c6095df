from django.core.exceptions import ValidationError
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin, as_drf_error
from plcs import services
from plcs.filters import PLCMeetingFilter, PLCTeamFilter
from plcs.models import PLCMeeting, PLCTeam
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

    def district_queryset(self):
        return PLCTeam.objects.visible_to(self.membership).prefetch_related("members")

    service = services.plc_team_save
    instance_kwarg = "team"
    fields_kept = ("school", "name", "grade_band", "facilitator", "active")
    many_to_many_kept = ("members",)

    def check_write(self, data, instance):
        if not can_manage_teams(self.membership, data["school"].pk):
            raise PermissionDenied("School leaders and district admins manage PLC teams.")


class PLCMeetingViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """PLC meetings: time use, practices, attendees; each save regenerates the ledger."""

    model = PLCMeeting
    serializer_class = PLCMeetingSerializer
    filterset_class = PLCMeetingFilter
    lookup_url_kwarg = "meeting_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def district_queryset(self):
        return (
            PLCMeeting.objects.visible_to(self.membership)
            .select_related("team")
            .prefetch_related("attendees")
        )

    def write(self, serializer, meeting):
        data = dict(serializer.validated_data)
        if meeting is not None:
            data = {
                "team": meeting.team,
                "date": meeting.date,
                "minutes": meeting.minutes,
                "math_specific": meeting.math_specific,
                "priority": meeting.priority,
                "split": meeting.split,
                "attendees": list(meeting.attendees.all()),
                "upcoming_unit": meeting.upcoming_unit,
                "notes": meeting.notes,
                **{name: getattr(meeting, name) for name in PLCMeeting.PRACTICES},
                **data,
            }
        if not can_record_meeting(self.membership, data["team"]):
            raise PermissionDenied("You can record meetings of teams in your schools.")
        try:
            serializer.instance = services.plc_meeting_record(
                district=self.district, meeting=meeting, **data
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_destroy(self, instance):
        if not can_record_meeting(self.membership, instance.team):
            raise PermissionDenied("You can delete meetings of teams in your schools.")
        services.plc_meeting_delete(district=self.district, meeting=instance)
