from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.models import Educator, School
from subsystems.materials.forms import InterventionGroupForm, MaterialForm, UnitForm
from subsystems.models import InterventionGroup, Material, Unit


class MaterialSerializer(BoundedModelSerializer):
    class Meta:
        model = Material
        fields = ["id", *MaterialForm.Meta.fields]


class UnitSerializer(BoundedModelSerializer):
    material = DistrictRelatedField(model=Material)

    class Meta:
        model = Unit
        fields = ["id", *UnitForm.Meta.fields]


class InterventionGroupSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School)
    lead_educator = DistrictRelatedField(model=Educator, allow_null=True, required=False)
    student_count = serializers.IntegerField(
        min_value=0, error_messages={"invalid": "A number: students are counted, never named."}
    )

    class Meta:
        model = InterventionGroup
        fields = ["id", *InterventionGroupForm.Meta.fields]
