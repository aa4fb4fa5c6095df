from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from districts import services
from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.filters import EducatorFilter, MembershipFilter, SchoolFilter
from districts.models import Educator, Membership, Priority, School, SchoolYear
from districts.permissions import ADMIN, ALL_ROLES, PERSONNEL_ROLES
from districts.roster_import import MAX_BYTES, RosterImportError, roster_import
from districts.serializers import (
    DistrictSettingsSerializer,
    EducatorSerializer,
    MembershipSerializer,
    PrioritySerializer,
    RosterImportResultSerializer,
    RosterImportSerializer,
    SchoolSerializer,
    SchoolYearSerializer,
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
            # A person's e-mail belongs to their login (the name is this district's own).
            serializer.validated_data.pop("user", None)
            return super().write(serializer, instance)
        data = serializer.validated_data
        user = data.get("user", {})
        try:
            with transaction.atomic():
                serializer.instance, _created = services.membership_invite(
                    district=self.district,
                    email=user["email"],
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
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


class DistrictSettingsView(DistrictAPIMixin, APIView):
    """The district's settings: name, time zone, PL target, whether summer PL counts."""

    read_roles = ADMIN
    serializer_class = DistrictSettingsSerializer

    @extend_schema(responses=DistrictSettingsSerializer)
    def get(self, request, district_slug):
        return Response(DistrictSettingsSerializer(self.district).data)

    @extend_schema(request=DistrictSettingsSerializer, responses=DistrictSettingsSerializer)
    def patch(self, request, district_slug):
        serializer = DistrictSettingsSerializer(self.district, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                district = services.district_settings_save(
                    district=self.district, **serializer.validated_data
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        return Response(DistrictSettingsSerializer(district).data)


class SchoolYearViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """School years with their break weeks; a year that is over and followed by another is
    read-only."""

    model = SchoolYear
    serializer_class = SchoolYearSerializer
    lookup_url_kwarg = "year_id"
    read_roles = ALL_ROLES
    service = services.school_year_save
    delete_service = services.school_year_delete
    instance_kwarg = "school_year"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def district_queryset(self):
        return SchoolYear.objects.for_district(self.district).prefetch_related("breaks")

    def kept_values(self, serializer, instance) -> dict:
        values = super().kept_values(serializer, instance)
        values["breaks"] = None  # kept by the service unless given
        return values

    def service_kwargs(self, data: dict) -> dict:
        breaks = data.pop("breaks", None)
        if breaks is not None:
            breaks = [(b["week_start"], b.get("label", "")) for b in breaks]
        return {**data, "breaks": breaks}


class RosterImportView(DistrictAPIMixin, APIView):
    """Import a CSV of schools or educators, validated whole first: any bad row answers 400
    with every row's error, and nothing is written."""

    read_roles = write_roles = ADMIN
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=RosterImportSerializer, responses={201: RosterImportResultSerializer})
    def post(self, request, district_slug):
        given = RosterImportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(
                {"file": [f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."]}
            )
        try:
            result = roster_import(
                district=self.district,
                raw=upload.read(),
                expected=given.validated_data.get("kind"),
            )
        except RosterImportError as exc:
            raise serializers.ValidationError({"file": exc.errors}) from None
        data = {**vars(result), "summary": result.summary}
        return Response(RosterImportResultSerializer(data).data, status=201)


class TokenSerializer(serializers.Serializer):
    exists = serializers.BooleanField(read_only=True)
    created = serializers.DateTimeField(read_only=True, allow_null=True)
    key = serializers.CharField(
        read_only=True, required=False, help_text="Only in the answer that creates it."
    )


class TokenView(APIView):
    """Your own API token (the same for every district you belong to): see whether you
    have one, create a new one (replacing the old), or revoke it."""

    @extend_schema(responses=TokenSerializer)
    def get(self, request):
        token = Token.objects.filter(user=request.user).first()
        return Response({"exists": token is not None, "created": token and token.created})

    @extend_schema(request=None, responses={201: TokenSerializer})
    def post(self, request):
        token = services.api_token_create(user=request.user)
        return Response({"exists": True, "created": token.created, "key": token.key}, status=201)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        services.api_token_revoke(user=request.user)
        return Response(status=204)
