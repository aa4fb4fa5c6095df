from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from districts.api_base import DistrictAPIMixin, DistrictRelatedField, as_drf_error
from districts.models import Educator
from districts.permissions import ADMIN
from districts.signals import Actor
from portability import services
from portability.erasure import educator_erase
from portability.models import DistrictExport
from portability.serializers import DistrictExportSerializer
from portability.views import download_export


class DistrictExportViewSet(
    DistrictAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Archives of the whole district: POST starts one (a background task makes it); GET shows
    its progress, then ``download`` gives the zip. District admins only."""

    model = DistrictExport
    serializer_class = DistrictExportSerializer
    lookup_url_kwarg = "export_id"
    read_roles = ADMIN
    write_roles = ADMIN

    def district_queryset(self):
        return DistrictExport.objects.for_district(self.district).select_related("district")

    @extend_schema(request=None, responses={202: DistrictExportSerializer})
    def create(self, request, *args, **kwargs):
        export = services.district_export_request(
            district=self.district, requested_by=request.user, actor=Actor.of(request)
        )
        export.refresh_from_db()
        serializer = self.get_serializer(export)
        return Response(serializer.data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        return download_export(request, self.get_object())


class ErasureRequest(serializers.Serializer):
    educator = DistrictRelatedField(
        model=Educator, help_text="A former educator (no longer active) of the district."
    )


class ErasureResult(serializers.Serializer):
    educator = serializers.UUIDField(source="educator.pk")
    shown_as = serializers.CharField(source="educator.full_name")
    changed = serializers.DictField(child=serializers.IntegerField())


class ErasureView(DistrictAPIMixin, APIView):
    """Erase a former educator's personal data (name, e-mail, the notes about them, in the
    records and their history); their minutes stay in every figure. It cannot be undone.
    District admins only."""

    read_roles = write_roles = ADMIN
    filter_backends: list = []

    @extend_schema(request=ErasureRequest, responses={200: ErasureResult})
    def post(self, request, district_slug):
        given = ErasureRequest(data=request.data, context={"district": self.district})
        given.is_valid(raise_exception=True)
        try:
            erasure = educator_erase(
                district=self.district,
                educator=given.validated_data["educator"],
                actor=Actor.of(request),
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        return Response(ErasureResult(erasure).data)
