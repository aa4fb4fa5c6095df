from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import mixins, viewsets

from districts import services
from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.filters import EducatorFilter, MembershipFilter, SchoolFilter
from districts.models import Educator, Membership, Priority, School
from districts.permissions import ADMIN, PERSONNEL_ROLES
from districts.serializers import (
    EducatorSerializer,
    MembershipSerializer,
    PrioritySerializer,
    SchoolSerializer,
)


class ServiceWriteMixin:
    """Writes go through a service; its refusals become 400s with field errors."""

    def save_with(self, serializer, service, **extra):
        try:
            with transaction.atomic():
                serializer.instance = service(district=self.district, **extra)
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class SchoolViewSet(DistrictAPIMixin, ServiceWriteMixin, viewsets.ModelViewSet):
    model = School
    serializer_class = SchoolSerializer
    lookup_url_kwarg = "school_id"
    filterset_class = SchoolFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return School.objects.visible_to(self.membership)

    def perform_create(self, serializer):
        self.save_with(serializer, services.school_save, **serializer.validated_data)

    def perform_update(self, serializer):
        self.save_with(
            serializer,
            services.school_save,
            school=serializer.instance,
            **serializer.validated_data,
        )


class EducatorViewSet(DistrictAPIMixin, ServiceWriteMixin, viewsets.ModelViewSet):
    model = Educator
    serializer_class = EducatorSerializer
    lookup_url_kwarg = "educator_id"
    filterset_class = EducatorFilter
    read_roles = PERSONNEL_ROLES
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return Educator.objects.visible_to(self.membership).select_related("school")

    def perform_create(self, serializer):
        self.save_with(serializer, services.educator_save, **serializer.validated_data)

    def perform_update(self, serializer):
        self.save_with(
            serializer,
            services.educator_save,
            educator=serializer.instance,
            **serializer.validated_data,
        )


class PriorityViewSet(DistrictAPIMixin, ServiceWriteMixin, viewsets.ModelViewSet):
    model = Priority
    serializer_class = PrioritySerializer
    lookup_url_kwarg = "priority_id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return Priority.objects.for_district(self.district)

    def perform_create(self, serializer):
        self.save_with(serializer, services.priority_save, **serializer.validated_data)

    def perform_update(self, serializer):
        self.save_with(
            serializer,
            services.priority_save,
            priority=serializer.instance,
            **serializer.validated_data,
        )


class MembershipViewSet(
    DistrictAPIMixin,
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    model = Membership
    serializer_class = MembershipSerializer
    lookup_url_kwarg = "membership_id"
    filterset_class = MembershipFilter
    read_roles = ADMIN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def district_queryset(self):
        return (
            Membership.objects.visible_to(self.membership)
            .select_related("user", "educator")
            .prefetch_related("schools")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = data.get("user", {})
        try:
            with transaction.atomic():
                serializer.instance, _created = services.membership_invite(
                    district=self.district,
                    email=user["email"],
                    first_name=user.get("first_name", ""),
                    last_name=user.get("last_name", ""),
                    role=data["role"],
                    schools=data.get("schools", []),
                    educator=data.get("educator"),
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_update(self, serializer):
        membership = serializer.instance
        data = serializer.validated_data
        self.save_with(
            serializer,
            services.membership_update,
            membership=membership,
            role=data.get("role", membership.role),
            schools=data.get("schools", list(membership.schools.all())),
            educator=data.get("educator", membership.educator),
        )

    def perform_destroy(self, instance):
        try:
            services.membership_remove(district=self.district, membership=instance)
        except ValidationError as exc:
            raise as_drf_error(exc) from None
