from coaching.forms import CoachingCycleForm
from coaching.models import ENTERED_DUTIES, CoachingCycle, CoachingSession, CoachWeek
from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.models import Educator, Priority, School
from pl_hours.serializers import ActivitySerializer, TimeUseSerializer


class CoachingCycleSerializer(BoundedModelSerializer):
    coach = DistrictRelatedField(model=Educator)
    school = DistrictRelatedField(model=School)
    teachers = DistrictRelatedField(model=Educator, many=True)
    focus = DistrictRelatedField(model=Priority, allow_null=True, required=False)

    class Meta:
        model = CoachingCycle
        fields = ["id", *CoachingCycleForm.Meta.fields]


class CoachingSessionSerializer(ActivitySerializer):
    cycle = DistrictRelatedField(model=CoachingCycle)
    teachers_present = DistrictRelatedField(
        model=Educator,
        many=True,
        required=False,
        help_text="Omit for every teacher of the cycle.",
    )
    time_use = TimeUseSerializer(source="split", required=False)

    class Meta:
        model = CoachingSession
        fields = [
            "id",
            "cycle",
            "date",
            "kind",
            "minutes",
            "math_specific",
            "priority",
            "time_use",
            "teachers_present",
            "notes",
        ]


class CoachWeekSerializer(BoundedModelSerializer):
    coach = DistrictRelatedField(model=Educator)

    class Meta:
        model = CoachWeek
        fields = ["id", "coach", "week_start", *ENTERED_DUTIES, "note"]
