from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from districts.api_base import DistrictAPIMixin
from notices import services
from notices.models import Notice
from notices.permissions import NOTICE_ROLES
from notices.serializers import NoticeSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only the unread ones.")]
    )
)
class NoticeViewSet(DistrictAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Your own notices in this district, newest first (nobody else's, whatever the role)."""

    model = Notice
    serializer_class = NoticeSerializer
    lookup_url_kwarg = "notice_id"
    read_roles = NOTICE_ROLES
    write_roles = NOTICE_ROLES  # marking one's own notices read
    list_params = ("unread",)

    def district_queryset(self):
        notices = Notice.objects.visible_to(self.membership).order_by("-created_at")
        if self.request.query_params.get("unread") in ("1", "true", "yes"):
            notices = notices.unread()
        return notices

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, **kwargs):
        notice = self.get_object()
        services.notices_mark_read(
            district=self.district, membership=self.membership, notice_ids=[notice.pk]
        )
        notice.refresh_from_db()
        return Response(self.get_serializer(notice).data)
