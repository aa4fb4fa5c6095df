from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from districts.api_base import DistrictAPIMixin, as_drf_error
from setup import services
from setup.libraries import LIBRARIES, library_adopt
from setup.permissions import SETUP_ROLES
from setup.serializers import (
    AdoptedSerializer,
    AdoptSerializer,
    LibrarySerializer,
    RolloverResultSerializer,
    RolloverSerializer,
)

KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="nctm-8, indicator-goals or first-objective"
)


@extend_schema_view(retrieve=extend_schema(parameters=[KEY]), adopt=extend_schema(parameters=[KEY]))
class LibraryViewSet(DistrictAPIMixin, viewsets.ViewSet):
    """Starter libraries (``nctm-8``, ``indicator-goals``, ``first-objective``): adopting one
    copies it into the district, where it is the district's own."""

    filter_backends: list = []  # nothing to filter

    read_roles = write_roles = SETUP_ROLES
    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+"

    def _row(self, library) -> dict:
        return {
            "key": library.key,
            "title": library.title,
            "description": library.description,
            "contents": library.contents,
            "adopted": library.adopted(self.district),
        }

    @extend_schema(responses=LibrarySerializer(many=True))
    def list(self, request, district_slug):
        return Response([self._row(library) for library in LIBRARIES.values()])

    @extend_schema(responses=LibrarySerializer)
    def retrieve(self, request, district_slug, key):
        library = LIBRARIES.get(key)
        if library is None:
            raise NotFound(f"There is no starter library “{key}”.")
        return Response(self._row(library))

    @extend_schema(request=AdoptSerializer, responses={201: AdoptedSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, district_slug, key):
        if key not in LIBRARIES:
            raise NotFound(f"There is no starter library “{key}”.")
        given = AdoptSerializer(data=request.data, context={"district": self.district})
        given.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                made = library_adopt(
                    district=self.district,
                    key=key,
                    user=request.user,
                    priority=given.validated_data.get("priority"),
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        return Response({"key": key, "made": made}, status=201)


class RolloverView(DistrictAPIMixin, APIView):
    """Start the next school year from the latest one's pattern; each of its objectives is
    carried or closed (carried unless said)."""

    read_roles = write_roles = SETUP_ROLES

    @extend_schema(request=RolloverSerializer, responses={201: RolloverResultSerializer})
    def post(self, request, district_slug):
        given = RolloverSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                result = services.school_year_start_next(
                    district=self.district,
                    objectives=given.validated_data.get("objectives", {}),
                    user=request.user,
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        return Response(RolloverResultSerializer(result).data, status=201)
