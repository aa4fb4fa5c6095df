from django.db import transaction
from rest_framework.exceptions import PermissionDenied

from pl_hours.api import ActivityViewSet, AttendanceMixin
from subsystems.models import PDAttendance, PDSession
from subsystems.pd import services
from subsystems.pd.filters import PDSessionFilter
from subsystems.pd.permissions import (
    PD_VIEW,
    PD_WRITE,
    attendance_scope,
    can_add_session,
    can_edit_session,
)
from subsystems.pd.serializers import PDSessionSerializer


class PDSessionViewSet(AttendanceMixin, ActivityViewSet):
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
    delete_service = services.pd_session_delete
    restore_service = services.pd_session_restore
    restore_kwarg = "session_id"
    instance_kwarg = "session"
    history_children = [(PDAttendance, "session", "educator")]

    def district_queryset(self):
        return PDSession.objects.visible_to(self.membership).prefetch_related("attendance")

    def write(self, serializer, session):
        data = dict(serializer.validated_data)
        attendance = data.pop("attendance", None)
        if session is None:
            school = data.get("school")
            if not can_add_session(self.membership, getattr(school, "pk", None)):
                raise PermissionDenied("Add sessions for your own schools.")
        elif data and not can_edit_session(self.membership, session):
            raise PermissionDenied("You can edit your own schools' sessions.")
        with transaction.atomic():
            if session is None or data:
                kept = self.kept_values(serializer, session) if session else {}
                kept.pop("attendance", None)
                session = services.pd_session_save(
                    district=self.district, session=session, **{**kept, **data}
                )
            if attendance is not None:
                services.pd_attendance_set(
                    district=self.district,
                    session=session,
                    attendance=self.attendance_minutes(attendance),
                    within_school_ids=attendance_scope(self.membership),
                )
        serializer.instance = session

    def check_delete(self, instance):
        if not can_edit_session(self.membership, instance):
            raise PermissionDenied("You can delete your own schools' sessions.")
