from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.forms import EducatorForm, PriorityForm, SchoolForm
from districts.models import Educator, Membership, Priority, Role, School


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
    first_name = serializers.CharField(source="user.first_name", required=False, allow_blank=True)
    last_name = serializers.CharField(source="user.last_name", required=False, allow_blank=True)
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
