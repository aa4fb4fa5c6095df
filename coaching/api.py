from django.core.exceptions import ValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from coaching import services
from coaching.filters import CycleFilter, SessionFilter
from coaching.models import ENTERED_DUTIES, CoachingCycle, CoachingSession, CoachWeek
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
from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.models import Role

CYCLE_FIELDS = [
    "coach",
    "school",
    "focus",
    "goal",
    "start_date",
    "end_date",
    "status",
    "next_session_on",
    "outcome",
]
SESSION_FIELDS = ["date", "kind", "minutes", "math_specific", "priority", "notes"]


class CoachingCycleViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Coaching cycles (personnel data: coach, teachers concerned, leaders, admins)."""

    model = CoachingCycle
    serializer_class = CoachingCycleSerializer
    filterset_class = CycleFilter
    lookup_url_kwarg = "cycle_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def district_queryset(self):
        return CoachingCycle.objects.visible_to(self.membership).prefetch_related("teachers")

    def write(self, serializer, cycle):
        data = dict(serializer.validated_data)
        if cycle is not None:
            current = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
            current["teachers"] = list(cycle.teachers.all())
            data = {**current, **data}
            if not can_edit_cycle(self.membership, cycle):
                raise PermissionDenied("Only the cycle's coach and district admins edit it.")
        elif not can_lead_cycles(self.membership) or (
            self.membership.role == Role.COACH and data["coach"].pk != self.membership.educator_id
        ):
            raise PermissionDenied("Coaches start their own cycles.")
        try:
            serializer.instance = services.coaching_cycle_save(
                district=self.district, cycle=cycle, **data
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class CoachingSessionViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Sessions of a cycle; each feeds the ledger of the teachers present."""

    model = CoachingSession
    serializer_class = CoachingSessionSerializer
    filterset_class = SessionFilter
    lookup_url_kwarg = "coaching_session_id"
    read_roles = VIEW_ROLES
    write_roles = WRITE_ROLES
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def district_queryset(self):
        return (
            CoachingSession.objects.visible_to(self.membership)
            .select_related("cycle")
            .prefetch_related("teachers_present")
        )

    def write(self, serializer, session):
        data = dict(serializer.validated_data)
        if session is not None:
            current = {name: getattr(session, name) for name in SESSION_FIELDS}
            current.update(
                cycle=session.cycle,
                split=session.split,
                teachers_present=list(session.teachers_present.all()),
            )
            data = {**current, **data}
        if not can_edit_cycle(self.membership, data["cycle"]):
            raise PermissionDenied("Only the cycle's coach and district admins record sessions.")
        try:
            serializer.instance = services.coaching_session_record(
                district=self.district, session=session, **data
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_destroy(self, instance):
        if not can_edit_cycle(self.membership, instance.cycle):
            raise PermissionDenied("Only the cycle's coach and district admins delete sessions.")
        services.coaching_session_delete(district=self.district, session=instance)


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

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        coach = data.pop("coach")
        if self.membership.role == Role.COACH and coach.pk != self.membership.educator_id:
            raise PermissionDenied("Coaches log their own time.")
        try:
            serializer.instance = services.coach_week_save(
                district=self.district,
                coach=coach,
                week_start=data.pop("week_start"),
                **{k: v for k, v in data.items() if k in [*ENTERED_DUTIES, "note"]},
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
