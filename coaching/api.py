from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from audit.models import AuditKind
from audit.web import AuditedReads
from coaching import services
from coaching.filters import CycleFilter, SessionFilter
from coaching.models import (
    ENTERED_DUTIES,
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    SessionTeacher,
)
from coaching.permissions import (
    TIME_ROLES,
    VIEW_ROLES,
    WRITE_ROLES,
    can_edit_cycle,
    can_lead_cycles,
)
from coaching.serializers import (
    CoachingCycleSerializer,
    CoachingSessionSerializer,
    CoachWeekSerializer,
)
from districts.api_base import DistrictAPIMixin
from districts.models import Role
from notices.serializers import AcknowledgementSerializer
from pl_hours.api import ActivityViewSet


class CoachingCycleViewSet(AuditedReads, DistrictAPIMixin, viewsets.ModelViewSet):
    """Coaching cycles (personnel data: coach, teachers concerned, leaders, admins)."""

    model = CoachingCycle
    serializer_class = CoachingCycleSerializer
    filterset_class = CycleFilter
    lookup_url_kwarg = "cycle_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    service = services.coaching_cycle_save
    instance_kwarg = "cycle"
    audit_kind = AuditKind.VIEW_COACHING

    def audit_subjects(self, cycle):
        return [teacher.pk for teacher in cycle.teachers.all()]

    def district_queryset(self):
        return CoachingCycle.objects.visible_to(self.membership).prefetch_related("teachers")

    def check_write(self, data, cycle):
        if cycle is not None:
            if not can_edit_cycle(self.membership, cycle):
                raise PermissionDenied("Only the cycle's coach and district admins edit it.")
        elif not can_lead_cycles(self.membership) or (
            self.membership.role == Role.COACH and data["coach"].pk != self.membership.educator_id
        ):
            raise PermissionDenied("Coaches start their own cycles.")


class CoachingSessionViewSet(AuditedReads, ActivityViewSet):
    """Sessions of a cycle; each feeds the ledger of the teachers present."""

    model = CoachingSession
    serializer_class = CoachingSessionSerializer
    filterset_class = SessionFilter
    lookup_url_kwarg = "coaching_session_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    service = services.coaching_session_record
    delete_service = services.coaching_session_delete
    restore_service = services.coaching_session_restore
    restore_kwarg = "session_id"
    instance_kwarg = "session"
    history_children = [(SessionTeacher, "session", "educator")]
    audit_kind = AuditKind.VIEW_COACHING

    def audit_subjects(self, session):
        return [teacher.pk for teacher in session.teachers_present.all()]

    def district_queryset(self):
        return (
            CoachingSession.objects.visible_to(self.membership)
            .select_related("cycle")
            .prefetch_related("teachers_present", "receipts")
        )

    @extend_schema(request=AcknowledgementSerializer, responses=CoachingSessionSerializer)
    @action(
        detail=True,
        methods=["post"],
        # A teacher of the cycle writes this (their role may not write sessions).
        permission_classes=[permissions.IsAuthenticated],
    )
    def acknowledge(self, request, **kwargs):
        """A teacher of the cycle acknowledges the shared notes they received, with a short
        reflection (seen by the coach, that school's leaders and admins)."""
        session = self.get_object()
        body = AcknowledgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            services.coaching_notes_acknowledge(
                district=self.district,
                session=session,
                membership=self.membership,
                reflection=body.validated_data["reflection"],
            )
        return Response(self.get_serializer(self.get_object()).data)

    def check_write(self, data, instance):
        if not can_edit_cycle(self.membership, data["cycle"]):
            raise PermissionDenied("Only the cycle's coach and district admins record sessions.")

    def check_delete(self, instance):
        self.check_write({"cycle": instance.cycle}, instance)


class CoachWeekViewSet(
    DistrictAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A coach's minutes per duty per week (POST again for the same week to replace it)."""

    model = CoachWeek
    serializer_class = CoachWeekSerializer
    lookup_url_kwarg = "coach_week_id"
    read_roles = TIME_ROLES
    write_roles = TIME_ROLES
    service = services.coach_week_save

    def district_queryset(self):
        qs = CoachWeek.objects.for_district(self.district)
        if self.membership.role == Role.COACH:
            qs = qs.filter(coach=self.membership.educator_id)
        return qs

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "validators"):
            serializer.validators = []  # the service upserts the week
        return serializer

    def check_write(self, data, instance):
        if self.membership.role == Role.COACH and data["coach"].pk != self.membership.educator_id:
            raise PermissionDenied("Coaches log their own time.")

    def service_kwargs(self, data):
        kept = ("coach", "week_start", *ENTERED_DUTIES, "note")
        return {k: v for k, v in data.items() if k in kept}
