"""Board reports through the API: ask for one (a background task makes it), follow its
progress, download the file, make it again. The same rules as the reports page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dashboard import permissions, services
from dashboard.models import BoardReport, Paper, ReportKind, ReportStatus, SchoolPages
from dashboard.selectors import WINDOWS
from dashboard.views import report_file_response
from districts.api_base import DistrictAPIMixin, DistrictRelatedField
from districts.models import School, SchoolYear


class BoardReportSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", default=None, read_only=True)
    requested_by = serializers.CharField(default=None, read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = BoardReport
        fields = [
            "id",
            "kind",
            "school",
            "school_name",
            "school_year",
            "period",
            "paper",
            "school_pages",
            "status",
            "progress",
            "pages",
            "error",
            "attempts",
            "requested_by",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, report: BoardReport) -> str | None:
        if report.status != ReportStatus.DONE:
            return None
        from django.urls import reverse

        url = reverse("api-board-report-download", args=[report.district.slug, report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices, default=ReportKind.REPORT)
    school = DistrictRelatedField(
        model=School,
        required=False,
        allow_null=True,
        help_text="A school's own report; leave it out for the district's (admins).",
    )
    school_year = DistrictRelatedField(
        model=SchoolYear,
        required=False,
        allow_null=True,
        help_text="Leave it out for the year going on.",
    )
    period = serializers.ChoiceField(choices=list(WINDOWS.items()), default="ytd")
    paper = serializers.ChoiceField(choices=Paper.choices, default=Paper.LETTER)
    school_pages = serializers.ChoiceField(choices=SchoolPages.choices, default=SchoolPages.AUTO)


class BoardReportViewSet(
    DistrictAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Board reports: POST asks for one (202; a background task makes it), GET shows its
    progress, ``download`` gives the PDF (a zip for a school packet), ``again`` makes it
    again with today's figures. District admins make any report, school leaders their
    schools'; every member but a teacher reads the reports they may see."""

    model = BoardReport
    serializer_class = BoardReportSerializer
    lookup_url_kwarg = "report_id"
    read_roles = permissions.REPORT_VIEW
    write_roles = permissions.REPORT_WRITE

    def district_queryset(self):
        return BoardReport.objects.visible_to(self.membership).select_related(
            "district", "school", "requested_by"
        )

    def _accepted(self, report: BoardReport) -> Response:
        report.refresh_from_db()
        return Response(self.get_serializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ReportRequestSerializer, responses={202: BoardReportSerializer})
    def create(self, request, *args, **kwargs):
        given = ReportRequestSerializer(data=request.data, context={"district": self.district})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        packet = data["kind"] == ReportKind.PACKET
        permissions.check_report_request(self.membership, school=data.get("school"), packet=packet)
        report = services.report_ask(
            district=self.district,
            kind=data["kind"],
            school=data.get("school"),
            school_year=data.get("school_year"),
            period=data["period"],
            paper=data["paper"],
            school_pages=data["school_pages"],
            requested_by=request.user,
        )
        return self._accepted(report)

    @extend_schema(request=None, responses={202: BoardReportSerializer})
    @action(detail=True, methods=["post"])
    def again(self, request, *args, **kwargs):
        report = self.get_object()
        permissions.check_report_request(
            self.membership, school=report.school, packet=report.kind == ReportKind.PACKET
        )
        again = services.report_regenerate(
            district=self.district, report=report, requested_by=request.user
        )
        return self._accepted(again)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        return report_file_response(request.district, self.get_object())
