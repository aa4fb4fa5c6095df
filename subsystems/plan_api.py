from django.core.exceptions import ValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.models import Role
from subsystems import services
from subsystems.models import (
    CheckIn,
    InterventionGroup,
    KeyResult,
    Material,
    Objective,
    SchoolGoal,
    Unit,
)
from subsystems.plan_serializers import (
    CheckInSerializer,
    InterventionGroupSerializer,
    KeyResultSerializer,
    MaterialSerializer,
    ObjectiveSerializer,
    SchoolGoalSerializer,
    UnitSerializer,
)
from subsystems.plan_views import can_edit_objective

WRITE = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER)


class ServiceViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Endpoints that create and update through one service; admins only by default."""

    write_roles = WRITE
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return self.model.objects.for_district(self.district)

    def check_write(self, data: dict, instance) -> None:
        if not self.membership.is_admin:
            raise PermissionDenied("District admins manage these.")


class ObjectiveViewSet(ServiceViewSet):
    model = Objective
    serializer_class = ObjectiveSerializer
    lookup_url_kwarg = "objective_id"
    service = services.objective_save
    instance_kwarg = "objective"
    fields_kept = ("title", "description", "level", "school", "priority", "owner", "active")

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
    service = services.key_result_save
    instance_kwarg = "key_result"
    fields_kept = (
        "objective",
        "title",
        "baseline",
        "target",
        "unit",
        "direction",
        "due_date",
        "measure",
    )

    def check_write(self, data, instance):
        if not can_edit_objective(self.membership, data["objective"]):
            raise PermissionDenied("You can edit your own schools' key results.")


class CheckInViewSet(
    DistrictAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = CheckIn
    serializer_class = CheckInSerializer
    lookup_url_kwarg = "check_in_id"
    write_roles = WRITE

    def district_queryset(self):
        return CheckIn.objects.for_district(self.district).select_related("key_result")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if not can_edit_objective(self.membership, data["key_result"].objective):
            raise PermissionDenied("You can check in your own schools' key results.")
        try:
            serializer.instance = services.check_in_record(
                district=self.district, recorded_by=self.request.user, **data
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class SchoolGoalViewSet(ServiceViewSet):
    model = SchoolGoal
    serializer_class = SchoolGoalSerializer
    lookup_url_kwarg = "goal_id"
    service = services.school_goal_save
    instance_kwarg = "goal"
    fields_kept = ("school", "title", "description")
    many_to_many_kept = ("priorities",)

    def check_write(self, data, instance):
        if not (self.membership.is_admin or data["school"].pk in self.membership.school_ids()):
            raise PermissionDenied("You can edit your own schools' goals.")


class MaterialViewSet(ServiceViewSet):
    model = Material
    serializer_class = MaterialSerializer
    lookup_url_kwarg = "material_id"
    service = services.material_save
    instance_kwarg = "material"
    fields_kept = ("name", "publisher", "grade_band", "year_adopted")


class UnitViewSet(ServiceViewSet):
    model = Unit
    serializer_class = UnitSerializer
    lookup_url_kwarg = "unit_id"
    service = services.unit_save
    instance_kwarg = "unit"
    fields_kept = ("material", "grade", "number", "title", "planned_start", "planned_end")


class InterventionGroupViewSet(ServiceViewSet):
    model = InterventionGroup
    serializer_class = InterventionGroupSerializer
    lookup_url_kwarg = "group_id"
    service = services.intervention_group_save
    instance_kwarg = "group"
    fields_kept = (
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
    )

    def check_write(self, data, instance):
        if not (self.membership.is_admin or data["school"].pk in self.membership.school_ids()):
            raise PermissionDenied("You can edit your own schools' groups.")
