from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from districts.api_base import DistrictAPIMixin
from districts.permissions import ADMIN
from districts.signals import Actor
from portability import services
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
