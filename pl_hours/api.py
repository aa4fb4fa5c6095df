from django.core.exceptions import ValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import DistrictAPIMixin, as_drf_error
from districts.models import Educator
from districts.permissions import PERSONNEL_ROLES
from pl_hours import services
from pl_hours.filters import ActivityFilter, LedgerEntryFilter, RollupFilter
from pl_hours.models import LedgerEntry, ManualEntry, OtherActivity, WeeklyRollup
from pl_hours.permissions import MANUAL_ROLES, RECORD_ROLES, can_record_for_school
from pl_hours.serializers import (
    LedgerEntrySerializer,
    ManualEntrySerializer,
    OtherActivitySerializer,
    WeeklyRollupSerializer,
)


def attendance_dict(rows) -> dict:
    return {row["educator"].pk: row.get("attended_minutes") for row in rows}


class OtherActivityViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """Staff meetings, curriculum sessions and other PL, with who attended."""

    model = OtherActivity
    serializer_class = OtherActivitySerializer
    filterset_class = ActivityFilter
    lookup_url_kwarg = "activity_id"
    read_roles = RECORD_ROLES
    write_roles = RECORD_ROLES
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def district_queryset(self):
        qs = OtherActivity.objects.for_district(self.district).prefetch_related("attendance")
        if not self.membership.is_admin:
            qs = qs.filter(school__in=self.membership.school_ids())
        return qs.distinct()

    def write(self, serializer, activity):
        data = {**serializer.validated_data}
        if activity is not None:  # a partial update keeps what it does not name
            data = {
                "kind": activity.kind,
                "title": activity.title,
                "school": activity.school,
                "date": activity.date,
                "minutes": activity.minutes,
                "math_specific": activity.math_specific,
                "priority": activity.priority,
                "split": activity.split,
                "attendance": [
                    {"educator": a.educator, "attended_minutes": a.attended_minutes}
                    for a in activity.attendance.select_related("educator")
                ],
                **data,
            }
        school = data.get("school")
        if not can_record_for_school(self.membership, school.pk if school else None):
            raise PermissionDenied("You can record activities of your own schools.")
        try:
            serializer.instance = services.other_activity_save(
                district=self.district,
                activity=activity,
                kind=data.get("kind", "staff_meeting"),
                title=data["title"],
                date=data["date"],
                minutes=data["minutes"],
                math_specific=data.get("math_specific", True),
                priority=data.get("priority"),
                school=school,
                split=data["split"],
                attendance=attendance_dict(data["attendance"]),
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_destroy(self, instance):
        services.other_activity_delete(district=self.district, activity=instance)


class ManualEntryViewSet(
    DistrictAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """PL recorded elsewhere; teachers record their own."""

    model = ManualEntry
    serializer_class = ManualEntrySerializer
    lookup_url_kwarg = "entry_id"
    read_roles = MANUAL_ROLES
    write_roles = MANUAL_ROLES

    def _educators(self):
        if self.membership.role in ("teacher", "coach"):
            return Educator.objects.for_district(self.district).filter(
                pk=self.membership.educator_id
            )
        return Educator.objects.visible_to(self.membership)

    def district_queryset(self):
        return ManualEntry.objects.for_district(self.district).filter(
            educator__in=self._educators()
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not self._educators().filter(pk=data["educator"].pk).exists():
            raise PermissionDenied("You can record PL for yourself or your schools' staff.")
        try:
            serializer.instance = services.manual_entry_record(
                district=self.district, recorded_by=self.request.user, **data
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None

    def perform_destroy(self, instance):
        services.manual_entry_delete(district=self.district, entry=instance)


class LedgerEntryViewSet(DistrictAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Every PL minute, one row per educator, activity and time-use category (read only)."""

    model = LedgerEntry
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilter
    lookup_url_kwarg = "ledger_entry_id"
    read_roles = PERSONNEL_ROLES

    def district_queryset(self):
        return LedgerEntry.objects.for_district(self.district).filter(
            educator__in=Educator.objects.visible_to(self.membership)
        )


class RollupViewSet(DistrictAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Weekly PL minutes per educator, as recomputed from the ledger (read only)."""

    model = WeeklyRollup
    serializer_class = WeeklyRollupSerializer
    filterset_class = RollupFilter
    lookup_url_kwarg = "rollup_id"
    read_roles = PERSONNEL_ROLES

    def district_queryset(self):
        return WeeklyRollup.objects.for_district(self.district).filter(
            educator__in=Educator.objects.visible_to(self.membership)
        )
