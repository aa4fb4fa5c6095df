"""Pages of pull-out PD: the sessions, their form, and who attended."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport
from districts.models import Educator
from districts.web import (
    confirm_delete_page,
    deleted_rows,
    get_deleted_or_404,
    list_page,
    restore_page,
)
from pl_hours.web import activity_form_page
from subsystems.models import PDAttendance, PDSession
from subsystems.pd import selectors, services
from subsystems.pd.forms import PDSessionForm
from subsystems.pd.permissions import (
    PD_VIEW,
    PD_WRITE,
    attendance_scope,
    can_edit_session,
    session_schools,
)

SESSION_CSV = CsvExport(
    "pd-sessions",
    [
        ("date", "date"),
        ("title", "title"),
        ("format", "format"),
        ("school", "school.code"),
        ("minutes", "minutes"),
        ("math_specific", "math_specific"),
        ("priority", "priority.title"),
        ("models_practices", "models_practices"),
        ("attendees", "attendee_count"),
        ("planning_minutes", "minutes_instructional_planning"),
    ],
)


@district_view(*PD_VIEW)
def session_list(request):
    sessions = (
        PDSession.objects.visible_to(request.membership)
        .select_related("school", "priority")
        .annotate(attendee_count=Count("attendance"))
        .order_by("-date", "title")
    )
    fmt = request.GET.get("format_kind")
    if fmt:
        sessions = sessions.filter(format=fmt)
    return list_page(
        request,
        sessions,
        template="subsystems/pd_list.html",
        export=SESSION_CSV,
        context={
            "can_add": request.membership.role in PD_WRITE,
            "deleted": deleted_rows(
                [
                    entry
                    for entry in selectors.deleted_sessions(request.district)
                    if can_edit_session(request.membership, entry.instance)
                ],
                url_name="pd_session_restore",
                slug=request.district.slug,
                label=lambda entry: f"{entry.title} ({entry.date:%b %-d, %Y})",
            ),
        },
    )


def _session_form(request, session):
    district = request.district
    form = PDSessionForm(
        request.POST or None,
        instance=session,
        district=district,
        schools=session_schools(request.membership),
    )
    if not request.membership.is_admin:
        form.fields["school"].required = True
    return activity_form_page(
        request,
        form,
        lambda data: services.pd_session_save(district=district, session=session, **data),
        template="subsystems/pd_form.html",
        back="pd_sessions",
        success="Session saved.",
        success_url=lambda saved: reverse("pd_attendance", args=[district.slug, saved.pk]),
        context={
            "session": session,
            "changes": selectors.session_history(session) if session else [],
        },
    )


@district_view(*PD_WRITE)
def session_create(request):
    return _session_form(request, None)


def _editable_session(request, session_id) -> PDSession:
    session = get_for_district_or_404(PDSession, request.district, session_id)
    if not can_edit_session(request.membership, session):
        raise PermissionDenied("You can edit your own schools' sessions.")
    return session


@district_view(*PD_WRITE)
def session_edit(request, session_id):
    return _session_form(request, _editable_session(request, session_id))


@district_view(*PD_WRITE)
def session_delete(request, session_id):
    session = _editable_session(request, session_id)
    return confirm_delete_page(
        request,
        session,
        lambda: services.pd_session_delete(district=request.district, session=session),
        back="pd_sessions",
        consequence="Its minutes leave the hours of everyone who attended.",
    )


@require_POST
@district_view(*PD_WRITE)
def session_restore(request, session_id):
    deleted = get_deleted_or_404(PDSession, request.district, session_id)
    if not can_edit_session(request.membership, deleted):
        raise PermissionDenied("You can restore your own schools' sessions.")
    return restore_page(
        request,
        lambda: services.pd_session_restore(district=request.district, session_id=session_id),
        back="pd_sessions",
        noun="session",
    )


@district_view(*PD_WRITE)
def session_attendance(request, session_id):
    """Who attended, and for how long: pick from a school's staff, minutes default to all."""
    district, membership = request.district, request.membership
    session = get_for_district_or_404(PDSession, district, session_id)
    schools = session_schools(membership)
    school_id = request.GET.get("school") or request.POST.get("school") or session.school_id
    school = schools.filter(pk=school_id).first() if school_id else schools.first()
    if school is None:
        raise PermissionDenied("You have no school to record attendance for.")
    staff = Educator.objects.for_district(district).filter(school=school, active=True)
    current = dict(
        PDAttendance.objects.for_district(district)
        .filter(session=session, educator__school=school)
        .values_list("educator_id", "attended_minutes")
    )
    errors = []
    if request.method == "POST":
        chosen = set(request.POST.getlist("attended"))
        attendance = {}
        for educator in staff:
            if str(educator.pk) in chosen:
                raw = request.POST.get(f"minutes_{educator.pk}", "").strip()
                if raw and not raw.isdigit():
                    errors.append(f"{educator.full_name}: minutes must be a whole number.")
                attendance[educator.pk] = int(raw) if raw.isdigit() else None
        try:
            if errors:
                raise ValidationError(errors)
            count = services.pd_attendance_set(
                district=district,
                session=session,
                attendance=attendance,
                within_school_ids=[school.pk] if attendance_scope(membership) is not None else None,
            )
        except ValidationError as exc:
            errors = exc.messages
            current = {k: v or session.minutes for k, v in attendance.items()}
        else:
            messages.success(request, f"Attendance saved: {count} attendees in all.")
            return redirect(
                f"{reverse('pd_attendance', args=[district.slug, session.pk])}?school={school.pk}"
            )
    totals = (
        PDAttendance.objects.for_district(district)
        .filter(session=session)
        .aggregate(people=Count("pk"), minutes=Sum("attended_minutes"))
    )
    return render(
        request,
        "subsystems/pd_attendance.html",
        {
            "session": session,
            "school": school,
            "schools": schools,
            "rows": [(e, current.get(e.pk)) for e in staff],
            "errors": errors,
            "totals": totals,
            "can_edit": can_edit_session(membership, session),
        },
        status=400 if errors else 200,
    )
