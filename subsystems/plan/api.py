from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from districts.api_base import CorrectionsMixin, DistrictAPIMixin, ServiceViewSet
from subsystems.models import CheckIn, KeyResult, Objective, SchoolGoal
from subsystems.plan import services
from subsystems.plan.permissions import PLAN_WRITE, can_edit_objective, can_edit_school_record
from subsystems.plan.serializers import (
    CheckInSerializer,
    KeyResultSerializer,
    ObjectiveSerializer,
    SchoolGoalSerializer,
)


class ObjectiveViewSet(ServiceViewSet):
    model = Objective
    serializer_class = ObjectiveSerializer
    lookup_url_kwarg = "objective_id"
    write_roles = PLAN_WRITE
    service = services.objective_save
    instance_kwarg = "objective"

    def check_write(self, data, instance):
        school = data.get("school")
        probe = instance or Objective(district=self.district, school=school)
        if instance is None and school is not None:
            probe.school_id = school.pk
        if not can_edit_objective(self.membership, probe):
            raise PermissionDenied("You can edit your own schools' objectives.")

    def perform_create(self, serializer):
        serializer.validated_data.setdefault("owner", self.request.user)
        self.write(serializer, None)


class KeyResultViewSet(ServiceViewSet):
    model = KeyResult
    serializer_class = KeyResultSerializer
    lookup_url_kwarg = "key_result_id"
    write_roles = PLAN_WRITE
    service = services.key_result_save
    instance_kwarg = "key_result"

    def check_write(self, data, instance):
        if not can_edit_objective(self.membership, data["objective"]):
            raise PermissionDenied("You can edit your own schools' key results.")

    @extend_schema(request=None, responses=CheckInSerializer)
    @action(detail=True, methods=["post"])
    def measure(self, request, **kwargs):
        """Check a measured key result in now with the system's figures."""
        key_result = self.get_object()
        self.check_write({"objective": key_result.objective}, key_result)
        if not services.measure_now(district=self.district, key_result=key_result):
            raise ValidationError({"measure": ["This key result has no figure to measure yet."]})
        latest = key_result.check_ins.order_by("-date", "-created_at").first()
        return Response(CheckInSerializer(latest, context=self.get_serializer_context()).data)


class CheckInViewSet(CorrectionsMixin, DistrictAPIMixin, viewsets.ModelViewSet):
    """Check-ins of key results: corrected (PATCH), deleted and restored by those who may
    check the key result in."""

    model = CheckIn
    serializer_class = CheckInSerializer
    lookup_url_kwarg = "check_in_id"
    write_roles = PLAN_WRITE
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service = services.check_in_record
    delete_service = services.check_in_delete
    restore_service = services.check_in_restore
    restore_kwarg = "check_in_id"
    instance_kwarg = "check_in"

    def district_queryset(self):
        return CheckIn.objects.for_district(self.district).select_related("key_result")

    def check_write(self, data, instance):
        if not can_edit_objective(self.membership, data["key_result"].objective):
            raise PermissionDenied("You can check in your own schools' key results.")

    def check_delete(self, instance):
        self.check_write({"key_result": instance.key_result}, instance)

    def service_kwargs(self, data):
        return {**data, "recorded_by": self.request.user}


class SchoolGoalViewSet(ServiceViewSet):
    model = SchoolGoal
    serializer_class = SchoolGoalSerializer
    lookup_url_kwarg = "goal_id"
    write_roles = PLAN_WRITE
    service = services.school_goal_save
    instance_kwarg = "goal"

    def check_write(self, data, instance):
        if not can_edit_school_record(self.membership, data["school"].pk):
            raise PermissionDenied("You can edit your own schools' goals.")
