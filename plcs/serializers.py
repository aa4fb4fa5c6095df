from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.models import Educator, School
from pl_hours.serializers import ActivitySerializer
from plcs.models import PLCMeeting, PLCTeam


class PLCTeamSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School)
    facilitator = DistrictRelatedField(model=Educator, allow_null=True, required=False)
    members = DistrictRelatedField(model=Educator, many=True, required=False)

    class Meta:
        model = PLCTeam
        fields = ["id", "school", "name", "grade_band", "facilitator", "members", "active"]


class PLCMeetingSerializer(ActivitySerializer):
    team = DistrictRelatedField(model=PLCTeam)
    attendees = DistrictRelatedField(
        model=Educator,
        many=True,
        required=False,
        help_text="Who attended (the whole meeting). Omit to use the team's members.",
    )

    class Meta:
        model = PLCMeeting
        fields = [
            "id",
            "team",
            "date",
            "minutes",
            "math_specific",
            "priority",
            "time_use",
            *PLCMeeting.PRACTICES,
            "upcoming_unit",
            "notes",
            "attendees",
        ]
