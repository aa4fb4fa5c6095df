from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.permissions import ADMIN, ALL_ROLES
from subsystems.indicators.registry import REGISTRY, SUBSYSTEMS, goals_for
from subsystems.indicators.services import indicator_goals_save


class IndicatorGoalSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    subsystem = serializers.CharField()
    unit = serializers.CharField()
    goal = serializers.DecimalField(max_digits=8, decimal_places=2)
    default_goal = serializers.DecimalField(max_digits=8, decimal_places=2)


class IndicatorGoalsChange(serializers.Serializer):
    goals = serializers.DictField(
        child=serializers.CharField(),
        help_text="Indicator key → its new goal; indicators not named keep theirs.",
    )


class IndicatorGoalsView(DistrictAPIMixin, APIView):
    """The district's goal for every alignment indicator: what "met" means on the
    dashboard. District admins change any of them (all the changes or none)."""

    filter_backends: list = []  # nothing to filter

    read_roles = ALL_ROLES
    write_roles = ADMIN

    def rows(self) -> list[dict]:
        goals, subsystems = goals_for(self.district), dict(SUBSYSTEMS)
        return [
            {
                "key": key,
                "label": ind.label,
                "subsystem": subsystems[ind.subsystem],
                "unit": ind.unit,
                "goal": goals[key],
                "default_goal": ind.default_goal,
            }
            for key, ind in REGISTRY.items()
        ]

    @extend_schema(responses=IndicatorGoalSerializer(many=True))
    def get(self, request, district_slug):
        return Response(IndicatorGoalSerializer(self.rows(), many=True).data)

    @extend_schema(request=IndicatorGoalsChange, responses=IndicatorGoalSerializer(many=True))
    def patch(self, request, district_slug):
        change = IndicatorGoalsChange(data=request.data)
        change.is_valid(raise_exception=True)
        given = change.validated_data["goals"]
        unknown = sorted(set(given) - set(REGISTRY))
        if unknown:
            raise serializers.ValidationError(
                {"goals": [f"Not an indicator: {', '.join(unknown)}."]}
            )
        current = {key: str(value) for key, value in goals_for(self.district).items()}
        try:
            with transaction.atomic():
                indicator_goals_save(district=self.district, goals={**current, **given})
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        return Response(IndicatorGoalSerializer(self.rows(), many=True).data)
