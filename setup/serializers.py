from rest_framework import serializers

from districts.api_base import DistrictRelatedField
from districts.models import Priority
from districts.serializers import SchoolYearSerializer
from setup.services import CARRY, CLOSE


class LibrarySerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    contents = serializers.ListField(child=serializers.CharField())
    adopted = serializers.BooleanField()


class AdoptSerializer(serializers.Serializer):
    priority = DistrictRelatedField(
        model=Priority,
        required=False,
        allow_null=True,
        help_text="The priority the look-fors or the objective serve.",
    )


class AdoptedSerializer(serializers.Serializer):
    key = serializers.CharField()
    made = serializers.CharField()


class RolloverSerializer(serializers.Serializer):
    objectives = serializers.DictField(
        child=serializers.ChoiceField(choices=[CARRY, CLOSE]),
        required=False,
        help_text="Objective id → “carry” or “close”; an objective not named is carried.",
    )


class RolloverResultSerializer(serializers.Serializer):
    previous = serializers.CharField(source="previous.name")
    year = SchoolYearSerializer()
    carried = serializers.ListField(child=serializers.CharField())
    closed = serializers.ListField(child=serializers.CharField())
    members_dropped = serializers.IntegerField()
