from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.models import School
from subsystems import services
from subsystems.filters import PDSessionFilter
from subsystems.models import LookFor, LookForSet, PDSession, Walkthrough
from subsystems.permissions import (
    PD_VIEW,
    PD_WRITE,
    WALK_VIEW,
    WALK_WRITE,
    attendance_scope,
    can_add_session,
    can_edit_session,
    can_edit_walkthrough,
    walkthrough_schools,
)
from subsystems.serializers import (
    LookForSerializer,
    LookForSetSerializer,
    PDSessionSerializer,
    WalkthroughSerializer,
)

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

    def write(self, serializer, session):
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

    def perform_destroy(self, instance):
        if not can_edit_session(self.membership, instance):
            raise PermissionDenied("You can delete your own schools' sessions.")
        services.pd_session_delete(district=self.district, session=instance)


WALK_FIELDS = [
    "school",
    "observer",
    "teacher",
    "date",
    "duration_minutes",
    "math_specific",
    "co_observer",
    "look_for_set",
    "same_visit_as",
    "notes",
    "feedback_shared",
    "feedback_date",
    "feedback_note",
]


class WalkthroughViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Walkthroughs with a rating per look-for (personnel data: see the roles)."""

    model = Walkthrough
    serializer_class = WalkthroughSerializer
    lookup_url_kwarg = "walkthrough_id"
    read_roles = WALK_VIEW
    write_roles = WALK_WRITE
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def district_queryset(self):
        return Walkthrough.objects.visible_to(self.membership).prefetch_related("ratings")

    def write(self, serializer, walkthrough):
        data = dict(serializer.validated_data)
        membership = self.membership
        if walkthrough is not None:
            if not can_edit_walkthrough(membership, walkthrough):
                raise PermissionDenied("Only the observer and district admins edit a walkthrough.")
            current = {name: getattr(walkthrough, name) for name in WALK_FIELDS}
            current["ratings"] = [
                {"look_for": r.look_for, "rating": r.rating, "evidence": r.evidence}
                for r in walkthrough.ratings.select_related("look_for")
            ]
            data = {**current, **data}
        else:
            if not membership.is_admin or "observer" not in data:
                data["observer"] = membership.educator
            if data["observer"] is None:
                raise PermissionDenied("Link your login to your roster record first.")
            if data["school"] not in walkthrough_schools(
                membership, School.objects.for_district(self.district)
            ):
                raise PermissionDenied("Record walkthroughs in your own schools.")
        ratings = {
            r["look_for"].pk: (r["rating"], r.get("evidence", "")) for r in data.pop("ratings")
        }
        try:
            serializer.instance = services.walkthrough_record(
                district=self.district,
                walkthrough=walkthrough,
                ratings=ratings,
                recorded_by=self.request.user,
                **data,
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class LookForSetViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = LookForSet
    serializer_class = LookForSetSerializer
    lookup_url_kwarg = "look_for_set_id"
    read_roles = WALK_VIEW
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return LookForSet.objects.for_district(self.district)

    service = services.look_for_set_save
    instance_kwarg = "look_for_set"
    fields_kept = ("name", "description", "active", "order")


class LookForViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    model = LookFor
    serializer_class = LookForSerializer
    lookup_url_kwarg = "look_for_id"
    read_roles = WALK_VIEW
    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return LookFor.objects.for_district(self.district)

    service = services.look_for_save
    instance_kwarg = "look_for"
    fields_kept = ("look_for_set", "title", "description", "priority", "order", "active")
