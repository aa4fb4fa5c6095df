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
from districts.signals import Actor


class SchoolViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = School
    service = services.school_save
    instance_kwarg = "school"
    serializer_class = SchoolSerializer
    lookup_url_kwarg = "school_id"
    filterset_class = SchoolFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return School.objects.visible_to(self.membership)


class EducatorViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = Educator
    service = services.educator_save
    instance_kwarg = "educator"
    serializer_class = EducatorSerializer
    lookup_url_kwarg = "educator_id"
    filterset_class = EducatorFilter
    read_roles = PERSONNEL_ROLES
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return Educator.objects.visible_to(self.membership).select_related("school")


class PriorityViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = Priority
    service = services.priority_save
    instance_kwarg = "priority"
    serializer_class = PrioritySerializer
    lookup_url_kwarg = "priority_id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return Priority.objects.for_district(self.district)


class MembershipViewSet(
    DistrictAPIMixin,
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

    service = services.membership_update
    instance_kwarg = "membership"
    fields_kept = ("role", "educator")
    many_to_many_kept = ("schools",)

    def service_kwargs(self, data: dict) -> dict:
        return {**data, "actor": Actor.of(self.request)}

    def write(self, serializer, instance):
        if instance is not None:
            # A person's e-mail and name belong to their login, not to this district.
            serializer.validated_data.pop("user", None)
            return super().write(serializer, instance)
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
                    actor=Actor.of(self.request),
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_destroy(self, instance):
        try:
            services.membership_remove(
                district=self.district, membership=instance, actor=Actor.of(self.request)
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
