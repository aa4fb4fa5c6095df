from rest_framework import serializers

from districts.api_base import DistrictRelatedField
from districts.models import Educator, Priority, School
from pl_hours.forms import ManualEntryForm
from pl_hours.models import LedgerEntry, ManualEntry, OtherActivity, WeeklyRollup
from pl_hours.rules import CATEGORIES, split_problem


class TimeUseSerializer(serializers.Serializer):
    """Minutes per time-use category; they must add up to the activity's minutes."""

    logistics = serializers.IntegerField(min_value=0, default=0)
    pacing = serializers.IntegerField(min_value=0, default=0)
    surface_strategies = serializers.IntegerField(min_value=0, default=0)
    unfocused_talk = serializers.IntegerField(min_value=0, default=0)
    instructional_planning = serializers.IntegerField(min_value=0, default=0)


class ActivitySerializer(serializers.ModelSerializer):
    """The fields every PL activity shares, with the split checked against the duration."""

    priority = DistrictRelatedField(model=Priority, allow_null=True, required=False)
    time_use = TimeUseSerializer(source="split")

    def validate(self, attrs):
        minutes = attrs.get("minutes", getattr(self.instance, "minutes", None))
        split = attrs.get("split", getattr(self.instance, "split", None))
        if split is not None and minutes:
            problem = split_problem({c: split.get(c, 0) for c in CATEGORIES}, minutes)
            if problem:
                raise serializers.ValidationError({"time_use": problem})
        return attrs


class AttendeeSerializer(serializers.Serializer):
    educator = DistrictRelatedField(model=Educator)
    attended_minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class OtherActivitySerializer(ActivitySerializer):
    school = DistrictRelatedField(model=School, allow_null=True, required=False)
    attendance = AttendeeSerializer(many=True)

    class Meta:
        model = OtherActivity
        fields = [
            "id",
            "kind",
            "title",
            "school",
            "date",
            "minutes",
            "math_specific",
            "priority",
            "time_use",
            "attendance",
        ]


class ManualEntrySerializer(serializers.ModelSerializer):
    educator = DistrictRelatedField(model=Educator)
    priority = DistrictRelatedField(model=Priority, allow_null=True, required=False)

    class Meta:
        model = ManualEntry
        fields = ["id", *ManualEntryForm.Meta.fields]


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "educator",
            "source_kind",
            "source_id",
            "source_title",
            "date",
            "week_start",
            "category",
            "minutes",
            "math_specific",
            "priority",
            "meaningful",
        ]


class WeeklyRollupSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklyRollup
        fields = [
            "id",
            "educator",
            "school",
            "week_start",
            "total_minutes",
            "math_minutes",
            "meaningful_minutes",
            "aligned_minutes",
            "logistics_minutes",
            "pacing_minutes",
            "surface_strategies_minutes",
            "unfocused_talk_minutes",
            "instructional_planning_minutes",
            "computed_at",
        ]
