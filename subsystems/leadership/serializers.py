from rest_framework import serializers

from districts.api_base import BoundedModelSerializer, DistrictRelatedField
from districts.models import Educator, Priority, School
from subsystems.leadership.permissions import can_see_reflection
from subsystems.models import LookFor, LookForSet, Rating, Walkthrough


class LookForSetSerializer(BoundedModelSerializer):
    class Meta:
        model = LookForSet
        fields = ["id", "name", "description", "active", "order"]


class LookForSerializer(BoundedModelSerializer):
    look_for_set = DistrictRelatedField(model=LookForSet)
    priority = DistrictRelatedField(model=Priority, allow_null=True, required=False)

    class Meta:
        model = LookFor
        fields = ["id", "look_for_set", "title", "description", "priority", "order", "active"]


class RatingSerializer(serializers.Serializer):
    look_for = DistrictRelatedField(model=LookFor)
    rating = serializers.ChoiceField(choices=Rating.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class WalkthroughSerializer(BoundedModelSerializer):
    school = DistrictRelatedField(model=School)
    observer = DistrictRelatedField(
        model=Educator, required=False, help_text="Defaults to your own roster record."
    )
    teacher = DistrictRelatedField(model=Educator, allow_null=True, required=False)
    co_observer = DistrictRelatedField(model=Educator, allow_null=True, required=False)
    look_for_set = DistrictRelatedField(model=LookForSet)
    same_visit_as = DistrictRelatedField(model=Walkthrough, allow_null=True, required=False)
    ratings = RatingSerializer(many=True)

    class Meta:
        model = Walkthrough
        fields = [
            "id",
            "school",
            "observer",
            "teacher",
            "date",
            "duration_minutes",
            "math_specific",
            "co_observer",
            "look_for_set",
            "same_visit_as",
            "ratings",
            "notes",
            "feedback_shared",
            "feedback_date",
            "feedback_note",
            "feedback_delivered_at",
            "feedback_acknowledged_at",
            "teacher_reflection",
        ]
        read_only_fields = [
            "feedback_delivered_at",
            "feedback_acknowledged_at",
            "teacher_reflection",
        ]
        extra_kwargs = {
            "feedback_shared": {
                "help_text": "Setting it (or creating the walkthrough with it) sends the "
                "feedback to the teacher, once: in the app and by e-mail."
            }
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        if membership is None or not can_see_reflection(membership, instance):
            data["teacher_reflection"] = None
        data["ratings"] = [
            {"look_for": str(r.look_for_id), "rating": r.rating, "evidence": r.evidence}
            for r in instance.ratings.all()
        ]
        return data
