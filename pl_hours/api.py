from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditKind
from audit.web import AuditedReads, record_access
from districts.access import get_for_district_or_404
from districts.api_base import CorrectionsMixin, DistrictAPIMixin
from districts.models import Educator, Role, School
from districts.permissions import ALL_ROLES, PERSONNEL_ROLES
from districts.selectors import school_year_from
from pl_hours import selectors, services
from pl_hours.filters import ActivityFilter, LedgerEntryFilter, RollupFilter
from pl_hours.models import LedgerEntry, ManualEntry, OtherActivity, OtherAttendance, WeeklyRollup
from pl_hours.permissions import (
    AGGREGATE_ROLES,
    MANUAL_ROLES,
    RECORD_ROLES,
    can_record_for_school,
    can_see_school_detail,
    manual_entry_educators,
    other_activities_in_scope,
)
from pl_hours.serializers import (
    EducatorLineSerializer,
    HoursSerializer,
    LedgerEntrySerializer,
    ManualEntrySerializer,
    OtherActivitySerializer,
    SchoolLineSerializer,
    WeeklyRollupSerializer,
    YearSerializer,
)


def _hours_response(name: str, **lines: serializers.Field) -> serializers.Serializer:
    fields = {"year": YearSerializer(), "hours": HoursSerializer(), **lines}
    return inline_serializer(name, fields)


YEAR = OpenApiParameter(
    "year", OpenApiTypes.UUID, description="A school year's id (default: the one going on)."
)
DistrictHoursResponse = _hours_response("DistrictHours", schools=SchoolLineSerializer(many=True))
SchoolHoursResponse = _hours_response("SchoolHours", educators=EducatorLineSerializer(many=True))
EducatorHoursResponse = _hours_response("EducatorHours")


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


class LedgerEntryViewSet(AuditedReads, DistrictAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Every PL minute, one row per educator, activity and time-use category (read only)."""

    model = LedgerEntry
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilter
    lookup_url_kwarg = "ledger_entry_id"
    audit_kind = AuditKind.VIEW_HOURS

    def audit_subjects(self, entry):
        return [entry.educator_id]

    read_roles = PERSONNEL_ROLES

    def district_queryset(self):
        return LedgerEntry.objects.for_district(self.district).filter(
            educator__in=Educator.objects.visible_to(self.membership)
        )


class RollupViewSet(AuditedReads, DistrictAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Weekly PL minutes per educator, as recomputed from the ledger (read only)."""

    model = WeeklyRollup
    serializer_class = WeeklyRollupSerializer
    filterset_class = RollupFilter
    lookup_url_kwarg = "rollup_id"
    audit_kind = AuditKind.VIEW_HOURS

    def audit_subjects(self, rollup):
        return [rollup.educator_id]

    read_roles = PERSONNEL_ROLES

    def district_queryset(self):
        return WeeklyRollup.objects.for_district(self.district).filter(
            educator__in=Educator.objects.visible_to(self.membership)
        )


# --- Hours summaries: the hours pages' figures ------------------------------------------------


class HoursView(DistrictAPIMixin, APIView):
    """Read-only figures of one hours page, from the same selectors."""

    read_roles = AGGREGATE_ROLES

    def year(self) -> selectors.Year:
        """The school year asked for (``?year=<id>``), else the one going on."""
        asked = self.request.query_params.get("year")
        school_year = school_year_from(self.district, asked)
        if asked and school_year is None:
            raise NotFound("No such school year in this district.")
        year = selectors.year_in_view(self.district, school_year=school_year)
        if year is None:
            raise NotFound("The district has no school year yet: add one first.")
        return year

    def respond(self, year: selectors.Year, summary: selectors.Hours, **lines) -> Response:
        return Response(
            {"year": YearSerializer(year).data, "hours": HoursSerializer(summary).data, **lines}
        )


class DistrictHoursView(HoursView):
    """The district's mean figures per teacher and one line per school."""

    @extend_schema(responses=DistrictHoursResponse, parameters=[YEAR])
    def get(self, request, district_slug):
        year = self.year()
        summary, lines = selectors.district_hours(year)
        return self.respond(year, summary, schools=SchoolLineSerializer(lines, many=True).data)


class SchoolHoursView(HoursView):
    """A school's mean figures and its teachers' (admins, its leaders and coaches)."""

    read_roles = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)

    @extend_schema(responses=SchoolHoursResponse, parameters=[YEAR])
    def get(self, request, district_slug, school_id):
        school = get_for_district_or_404(School, self.district, school_id)
        if not can_see_school_detail(self.membership, school.pk):
            raise PermissionDenied("You can see the hours of your own schools.")
        year = self.year()
        summary, rows = selectors.school_hours(year, school)
        record_access(
            request,
            AuditKind.VIEW_HOURS,
            [row.educator_id for row in rows],
            f"PL hours of the staff of {school.name} through the API",
            school,
        )
        return self.respond(year, summary, educators=EducatorLineSerializer(rows, many=True).data)


class EducatorHoursView(HoursView):
    """One educator's figures: anyone's their role may see, or the member's own."""

    read_roles = ALL_ROLES

    @extend_schema(responses=EducatorHoursResponse, parameters=[YEAR])
    def get(self, request, district_slug, educator_id=None):
        if educator_id is None:
            educator = self.membership.educator
            if educator is None:
                raise NotFound("Your account is not linked to an educator of this district.")
        elif self.membership.role in (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH):
            educator = get_for_district_or_404(
                Educator.objects.visible_to(self.membership), self.district, educator_id
            )
        else:
            raise PermissionDenied("Your role sees its own hours only.")
        record_access(
            request, AuditKind.VIEW_HOURS, [educator], "PL hours through the API", educator
        )
        year = self.year()
        return self.respond(year, selectors.educator_hours(year, educator))
