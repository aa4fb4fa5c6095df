from districts.api_base import DistrictRelatedField
from districts.models import School
from pl_hours.serializers import ActivitySerializer, AttendeeSerializer
from subsystems.models import PDSession


class PDSessionSerializer(ActivitySerializer):
    school = DistrictRelatedField(model=School, allow_null=True, required=False)
    attendance = AttendeeSerializer(
        many=True,
        required=False,
        help_text="Who attended and for how long (omit attended_minutes for the whole session). "
        "When given, it replaces the attendance you may record.",
    )

    class Meta:
        model = PDSession
        fields = [
            "id",
            "title",
            "date",
            "format",
            "school",
            "minutes",
            "math_specific",
            "priority",
            "models_practices",
            "description",
            "time_use",
            "attendance",
        ]
