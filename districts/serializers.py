from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.forms import DistrictSettingsForm, EducatorForm, PriorityForm, SchoolForm
from districts.models import (
    RESEARCH_HOURS_NEEDED,
    RESEARCH_HOURS_TYPICAL,
    District,
    Educator,
    Membership,
    Priority,
    Role,
    School,
    SchoolYear,
)

TIME_ZONE_MESSAGE = "“{input}” is not a time zone; use an IANA name such as America/Chicago."


class SchoolSerializer(BoundedModelSerializer):
    class Meta:
        model = School
        fields = ["id", *SchoolForm.Meta.fields]


class EducatorSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School, allow_null=True, required=False)

    class Meta:
        model = Educator
        fields = ["id", *EducatorForm.Meta.fields]


class PrioritySerializer(BoundedModelSerializer):
    class Meta:
        model = Priority
        fields = ["id", *PriorityForm.Meta.fields]


class MembershipSerializer(BoundedModelSerializer):
    email = serializers.EmailField(source="user.email")
    # The name this district gave the person (never their login's, which may be another
    # district's doing).
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)
    schools = DistrictRelatedField(model=School, many=True, required=False)
    educator = DistrictRelatedField(model=Educator, allow_null=True, required=False)

    class Meta:
        model = Membership
        fields = ["id", "email", "first_name", "last_name", "role", "schools", "educator"]

    def validate(self, attrs):
        role = attrs.get("role", getattr(self.instance, "role", None))
        schools = attrs.get("schools")
        if schools is None and self.instance is not None:
            schools = list(self.instance.schools.all())
        if role in (Role.SCHOOL_LEADER, Role.COACH) and not schools:
            raise serializers.ValidationError(
                {"schools": "Pick at least one school for a school leader or coach."}
            )
        return attrs


class DistrictSettingsSerializer(BoundedModelSerializer):
    research_hours_needed = serializers.SerializerMethodField(
        help_text="Meaningful math PL hours per teacher per year the research says are needed."
    )
    research_hours_typical = serializers.SerializerMethodField(
        help_text="Meaningful math PL hours per teacher per year teachers typically get."
    )

    class Meta:
        model = District
        fields = [
            "slug",
            *DistrictSettingsForm.Meta.fields,
            "research_hours_needed",
            "research_hours_typical",
        ]
        read_only_fields = ["slug"]
        extra_kwargs = {"time_zone": {"error_messages": {"invalid_choice": TIME_ZONE_MESSAGE}}}

    def get_research_hours_needed(self, district) -> str:
        return str(RESEARCH_HOURS_NEEDED)  # a decimal, as a string like the API's others

    def get_research_hours_typical(self, district) -> str:
        return str(RESEARCH_HOURS_TYPICAL)


class BreakSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="Any day of the week; stored as its Monday.")
    label = serializers.CharField(max_length=80, allow_blank=True, required=False, default="")


class SchoolYearSerializer(BoundedModelSerializer):
    breaks = BreakSerializer(many=True, required=False, help_text="Weeks with no school.")

    class Meta:
        model = SchoolYear
        fields = ["id", "name", "start_date", "end_date", "breaks"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["breaks"] = [
            {"week_start": b.week_start.isoformat(), "label": b.label}
            for b in instance.breaks.all()
        ]
        return data


class RosterImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV of schools or of educators, UTF-8.")
    kind = serializers.ChoiceField(
        choices=["schools", "educators"],
        required=False,
        help_text="Refuse a file of the other kind (by default the header row decides).",
    )


class RosterImportResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    skipped = serializers.IntegerField()
    summary = serializers.CharField()
