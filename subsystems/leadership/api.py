from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from audit.models import AuditKind
from audit.web import AuditedReads
from districts.api_base import CorrectionsMixin, DistrictAPIMixin
from notices.serializers import AcknowledgementSerializer
from subsystems.leadership import services
from subsystems.leadership.permissions import (
    WALK_VIEW,
    WALK_WRITE,
    can_acknowledge_feedback,
    can_edit_walkthrough,
    can_see_reflection,
    walkthrough_schools,
)
from subsystems.leadership.selectors import REFLECTION_FIELDS
from subsystems.leadership.serializers import (
    LookForSerializer,
    LookForSetSerializer,
    WalkthroughSerializer,
)
from subsystems.models import LookFor, LookForSet, Walkthrough, WalkthroughRating


class WalkthroughViewSet(AuditedReads, CorrectionsMixin, DistrictAPIMixin, viewsets.ModelViewSet):
    """Walkthroughs with a rating per look-for (personnel data: see the roles)."""

    model = Walkthrough
    serializer_class = WalkthroughSerializer
    lookup_url_kwarg = "walkthrough_id"
    audit_kind = AuditKind.VIEW_WALKTHROUGH

    def audit_subjects(self, obj):
        return [obj.teacher_id]

    def audit_target(self, obj):
        return f"Walkthrough of {obj.date:%b %-d, %Y} through the API"

    read_roles = WALK_VIEW
    write_roles = WALK_WRITE
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    service = services.walkthrough_record
    delete_service = services.walkthrough_delete
    restore_service = services.walkthrough_restore
    restore_kwarg = "walkthrough_id"
    instance_kwarg = "walkthrough"
    history_children = [(WalkthroughRating, "walkthrough", "look_for")]

    def history_hidden(self, instance) -> set[str]:
        if can_see_reflection(self.membership, instance):
            return set()
        return set(REFLECTION_FIELDS)

    def check_delete(self, instance):
        if not can_edit_walkthrough(self.membership, instance):
            raise PermissionDenied("Only the observer and district admins delete a walkthrough.")

    def district_queryset(self):
        return Walkthrough.objects.visible_to(self.membership).prefetch_related("ratings")

    def kept_values(self, serializer, instance) -> dict:
        values = super().kept_values(serializer, instance)
        values["ratings"] = [
            {"look_for": r.look_for, "rating": r.rating, "evidence": r.evidence}
            for r in instance.ratings.select_related("look_for")
        ]
        return values

    def check_write(self, data, walkthrough):
        membership = self.membership
        if walkthrough is not None:
            if not can_edit_walkthrough(membership, walkthrough):
                raise PermissionDenied("Only the observer and district admins edit a walkthrough.")
            return
        if not membership.is_admin or "observer" not in data:
            data["observer"] = membership.educator
        if data["observer"] is None:
            raise PermissionDenied("Link your login to your roster record first.")
        if data["school"] not in walkthrough_schools(membership):
            raise PermissionDenied("Record walkthroughs in your own schools.")

    @extend_schema(request=AcknowledgementSerializer, responses=WalkthroughSerializer)
    @action(
        detail=True,
        methods=["post"],
        # The teacher observed writes this (their role may not write walkthroughs).
        permission_classes=[permissions.IsAuthenticated],
    )
    def acknowledge(self, request, **kwargs):
        """The teacher observed acknowledges the feedback they received, with a short
        reflection (visible to the observer, that school's leaders and district admins)."""
        walkthrough = self.get_object()
        if not can_acknowledge_feedback(self.membership, walkthrough):
            raise PermissionDenied("Only the teacher who received the feedback acknowledges it.")
        body = AcknowledgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            services.walkthrough_feedback_acknowledge(
                district=self.district,
                walkthrough=walkthrough,
                membership=self.membership,
                reflection=body.validated_data["reflection"],
            )
        return Response(self.get_serializer(walkthrough).data)

    def service_kwargs(self, data):
        ratings = {
            r["look_for"].pk: (r["rating"], r.get("evidence", "")) for r in data.pop("ratings")
        }
        return {**data, "ratings": ratings, "recorded_by": self.request.user}


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
