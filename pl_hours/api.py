from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from districts.api_base import CorrectionsMixin, DistrictAPIMixin
from districts.models import Educator
from districts.permissions import PERSONNEL_ROLES
from pl_hours import services
from pl_hours.filters import ActivityFilter, LedgerEntryFilter, RollupFilter
from pl_hours.models import LedgerEntry, ManualEntry, OtherActivity, OtherAttendance, WeeklyRollup
from pl_hours.permissions import (
    MANUAL_ROLES,
    RECORD_ROLES,
    can_record_for_school,
    manual_entry_educators,
    other_activities_in_scope,
)
from pl_hours.serializers import (
    LedgerEntrySerializer,
    ManualEntrySerializer,
    OtherActivitySerializer,
    WeeklyRollupSerializer,
)


class ActivityViewSet(CorrectionsMixin, DistrictAPIMixin, viewsets.ModelViewSet):
    """A PL activity's endpoint: each create, update, delete and restore goes through the
    activity's services, which regenerate the ledger rows of those present in the same
    transaction; ``history`` lists every change with its author."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]


class AttendanceMixin:
    """For activities whose attendees each have their own minutes (``attendance``)."""

    def kept_values(self, serializer, instance) -> dict:
        values = super().kept_values(serializer, instance)
        values["attendance"] = [
            {"educator": a.educator, "attended_minutes": a.attended_minutes}
            for a in instance.attendance.select_related("educator")
        ]
        return values

    @staticmethod
    def attendance_minutes(rows) -> dict:
        """Educator id → attended minutes (None: the whole activity)."""
        return {row["educator"].pk: row.get("attended_minutes") for row in rows}


class OtherActivityViewSet(AttendanceMixin, ActivityViewSet):
    """Staff meetings, curriculum sessions and other PL, with who attended."""

    model = OtherActivity
    serializer_class = OtherActivitySerializer
    filterset_class = ActivityFilter
    lookup_url_kwarg = "activity_id"
    read_roles = RECORD_ROLES
    write_roles = RECORD_ROLES
    service = services.other_activity_save
    delete_service = services.other_activity_delete
    restore_service = services.other_activity_restore
    restore_kwarg = "activity_id"
    instance_kwarg = "activity"
    history_children = [(OtherAttendance, "activity", "educator")]

    def district_queryset(self):
        return other_activities_in_scope(self.membership).prefetch_related("attendance")

    def check_write(self, data, instance):
        school = data.get("school")
        if not can_record_for_school(self.membership, school.pk if school else None):
            raise PermissionDenied("You can record activities of your own schools.")

    def check_delete(self, instance):
        self.check_write({"school": instance.school}, instance)

    def service_kwargs(self, data):
        return {**data, "attendance": self.attendance_minutes(data["attendance"])}


class ManualEntryViewSet(CorrectionsMixin, DistrictAPIMixin, viewsets.ModelViewSet):
    """PL recorded elsewhere; teachers record their own."""

    model = ManualEntry
    serializer_class = ManualEntrySerializer
    lookup_url_kwarg = "entry_id"
    read_roles = MANUAL_ROLES
    write_roles = MANUAL_ROLES

    def district_queryset(self):
        return ManualEntry.objects.for_district(self.district).filter(
            educator__in=manual_entry_educators(self.membership)
        )

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    service = services.manual_entry_record
    delete_service = services.manual_entry_delete
    restore_service = services.manual_entry_restore
    restore_kwarg = "entry_id"
    instance_kwarg = "entry"

    def check_write(self, data, instance):
        if not manual_entry_educators(self.membership).filter(pk=data["educator"].pk).exists():
            raise PermissionDenied("You can record PL for yourself or your schools' staff.")

    def check_delete(self, instance):
        self.check_write({"educator": instance.educator}, instance)

    def service_kwargs(self, data):
        return {**data, "recorded_by": self.request.user}


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
