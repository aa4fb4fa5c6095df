from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin, as_drf_error
from subsystems import services
from subsystems.filters import PDSessionFilter
from subsystems.models import PDSession
from subsystems.permissions import (
    PD_VIEW,
    PD_WRITE,
    attendance_scope,
    can_add_session,
    can_edit_session,
)
from subsystems.serializers import PDSessionSerializer

SESSION_FIELDS = [
    "title",
    "date",
    "format",
    "school",
    "minutes",
    "math_specific",
    "priority",
    "models_practices",
    "description",
    "split",
]


class PDSessionViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Pull-out PD sessions and their attendance; saves regenerate attendees' ledgers.

    School leaders may send only ``attendance`` for any session: it then replaces
    the attendance of their own schools' staff and leaves everyone else's.
    """

    model = PDSession
    serializer_class = PDSessionSerializer
    filterset_class = PDSessionFilter
    lookup_url_kwarg = "session_id"
    read_roles = PD_VIEW
    write_roles = PD_WRITE
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def district_queryset(self):
        return PDSession.objects.visible_to(self.membership).prefetch_related("attendance")

    def _save(self, serializer, session=None):
        data = dict(serializer.validated_data)
        attendance = data.pop("attendance", None)
        school = data.get("school", session.school if session else None)
        if session is None and not can_add_session(self.membership, getattr(school, "pk", None)):
            raise PermissionDenied("Add sessions for your own schools.")
        if session is not None and data and not can_edit_session(self.membership, session):
            raise PermissionDenied("You can edit your own schools' sessions.")
        try:
            with transaction.atomic():
                if session is None or data:
                    current = (
                        {name: getattr(session, name) for name in SESSION_FIELDS} if session else {}
                    )
                    session = services.pd_session_save(
                        district=self.district, session=session, **{**current, **data}
                    )
                if attendance is not None:
                    services.pd_attendance_set(
                        district=self.district,
                        session=session,
                        attendance={
                            a["educator"].pk: a.get("attended_minutes") for a in attendance
                        },
                        within_school_ids=attendance_scope(self.membership),
                    )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
        serializer.instance = session

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        if not can_edit_session(self.membership, instance):
            raise PermissionDenied("You can delete your own schools' sessions.")
        services.pd_session_delete(district=self.district, session=instance)
