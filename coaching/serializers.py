from rest_framework import serializers

from coaching.forms import CoachingCycleForm
from coaching.models import ENTERED_DUTIES, CoachingCycle, CoachingSession, CoachWeek
from coaching.permissions import can_see_reflections
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
            "next_steps",
            "shared_with_teachers",
            "receipts",
        ]

    receipts = serializers.SerializerMethodField(
        help_text="Who received the shared notes and when they acknowledged them: every "
        "teacher for the coach, that school's leaders and admins; a teacher sees their own."
    )

    def get_receipts(self, session: CoachingSession) -> list[dict]:
        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        if membership is None:
            return []
        everyone = can_see_reflections(membership, session.cycle)
        return [
            {
                "educator": str(r.educator_id),
                "delivered_at": r.delivered_at,
                "acknowledged_at": r.acknowledged_at,
                "reflection": r.reflection,
            }
            for r in session.receipts.all()
            if everyone or r.educator_id == membership.educator_id
        ]


class CoachWeekSerializer(BoundedModelSerializer):
    coach = DistrictRelatedField(model=Educator)

    class Meta:
        model = CoachWeek
        fields = ["id", "coach", "week_start", *ENTERED_DUTIES, "note"]
