from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
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


class ActivitySerializer(BoundedModelSerializer):
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


class ManualEntrySerializer(BoundedModelSerializer):
    educator = DistrictRelatedField(model=Educator)
    priority = DistrictRelatedField(model=Priority, allow_null=True, required=False)

    class Meta:
        model = ManualEntry
        fields = ["id", *ManualEntryForm.Meta.fields]


class LedgerEntrySerializer(BoundedModelSerializer):
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


class WeeklyRollupSerializer(BoundedModelSerializer):
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


# --- Hours summaries (read only): the figures of the hours pages ------------------------------


class HoursSerializer(serializers.Serializer):
    """One group's figures (an educator, a school, the district), as the hours pages show
    them: completed weeks in the status and projection, this week so far beside them."""

    educators = serializers.IntegerField()
    meaningful_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    this_week_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    prorated_target = serializers.DecimalField(max_digits=8, decimal_places=2)
    status = serializers.CharField()
    projection = serializers.DecimalField(max_digits=8, decimal_places=2)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    aligned_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    meaningful_share = serializers.DecimalField(
        max_digits=5,
        decimal_places=3,
        help_text="Meaningful ÷ math-specific minutes (the research's 24 % is of this).",
    )
    minutes = serializers.DictField(child=serializers.IntegerField())


class YearSerializer(serializers.Serializer):
    school_year = serializers.CharField(source="school_year.name")
    as_of = serializers.DateField(source="today")
    target_hours = serializers.DecimalField(max_digits=6, decimal_places=2)
    weeks = serializers.SerializerMethodField(help_text="Instructional weeks in the year.")
    completed_weeks = serializers.SerializerMethodField(
        help_text="Weeks whose Sunday has passed: the figures are of these."
    )

    def get_weeks(self, year) -> int:
        return len(year.weeks.all)

    def get_completed_weeks(self, year) -> int:
        return len(year.weeks.completed)


class SchoolLineSerializer(serializers.Serializer):
    school = serializers.UUIDField(source="school.pk")
    code = serializers.CharField(source="school.code")
    name = serializers.CharField(source="school.name")
    hours = HoursSerializer()
    statuses = serializers.DictField(child=serializers.IntegerField())


class EducatorLineSerializer(serializers.Serializer):
    educator = serializers.UUIDField(source="educator_id")
    name = serializers.CharField()
    hours = HoursSerializer()
