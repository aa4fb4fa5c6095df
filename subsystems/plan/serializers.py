from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.models import Priority, School
from subsystems.models import CheckIn, KeyResult, Objective, SchoolGoal
from subsystems.plan import measures
from subsystems.plan.rules import progress


class ObjectiveSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School, allow_null=True, required=False)
    priority = DistrictRelatedField(model=Priority)

    class Meta:
        model = Objective
        fields = ["id", "title", "description", "level", "school", "priority", "owner", "active"]
        read_only_fields = ["owner"]


class KeyResultSerializer(BoundedModelSerializer):
    objective = DistrictRelatedField(model=Objective)
    measure = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = KeyResult
        fields = [
            "id",
            "objective",
            "title",
            "baseline",
            "target",
            "unit",
            "direction",
            "due_date",
            "measure",
            "progress",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures.choices()

    def get_progress(self, key_result) -> float | None:
        latest = key_result.check_ins.order_by("-date", "-created_at").first()
        share = progress(key_result.baseline, key_result.target, latest.value if latest else None)
        return None if share is None else float(share)


class CheckInSerializer(BoundedModelSerializer):
    key_result = DistrictRelatedField(model=KeyResult)

    class Meta:
        model = CheckIn
        fields = ["id", "key_result", "date", "value", "confidence", "note", "measured"]
        read_only_fields = ["measured"]


class SchoolGoalSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School)
    priorities = DistrictRelatedField(model=Priority, many=True, required=False)
    aligned = serializers.SerializerMethodField()

    class Meta:
        model = SchoolGoal
        fields = ["id", "school", "title", "description", "priorities", "aligned"]

    def get_aligned(self, goal) -> bool:
        return goal.priorities.exists()
