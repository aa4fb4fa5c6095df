from rest_framework import serializers

from districts.api_base import DistrictRelatedField
from districts.models import Educator, School
from subsystems.models import InterventionGroup, Material, Unit


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "name", "publisher", "grade_band", "year_adopted"]


class UnitSerializer(serializers.ModelSerializer):
    material = DistrictRelatedField(model=Material)

    class Meta:
        model = Unit
        fields = ["id", "material", "grade", "number", "title", "planned_start", "planned_end"]


class InterventionGroupSerializer(serializers.ModelSerializer):
    school = DistrictRelatedField(model=School)
    lead_educator = DistrictRelatedField(model=Educator, allow_null=True, required=False)
    student_count = serializers.IntegerField(
        min_value=0, error_messages={"invalid": "A number: students are counted, never named."}
    )

    class Meta:
        model = InterventionGroup
        fields = [
            "id",
            "school",
            "grade",
            "name",
            "led_by",
            "lead_educator",
            "student_count",
            "minutes_per_week",
            "uses_core_representations",
            "collaboration_minutes_per_month",
            "active",
        ]
