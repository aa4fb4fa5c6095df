from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.models import AuditKind
from audit.web import record_access
from coaching import selectors, services
from coaching.forms import CoachingCycleForm, CoachingSessionForm, CoachWeekForm
from coaching.models import ENTERED_DUTIES, CoachingCycle, CoachingSession, Duty, SessionReceipt
from coaching.permissions import (
    TIME_ROLES,
    VIEW_ROLES,
    WRITE_ROLES,
    can_edit_cycle,
    can_lead_cycles,
    can_see_reflections,
)
from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport, wants_csv
from districts.models import Educator, Position, Role
from districts.web import (
    add_service_errors,
    confirm_delete_page,
    deleted_rows,
    form_page,
    get_deleted_or_404,
    restore_page,
)
from notices.forms import ReflectionForm
from pl_hours.selectors import district_today
from pl_hours.web import activity_form_page

CYCLE_CSV = CsvExport(
    "coaching-cycles",
    [
        ("coach", "coach"),
        ("school", "school"),
        ("teachers", lambda c: "; ".join(t.full_name for t in c.teachers.all())),
        ("focus", "focus"),
        ("start", "start_date"),
        ("end", "end_date"),
        ("status", "status"),
        ("sessions", "session_count"),
    ],
    names=True,
)
COACH_TIME_CSV = CsvExport(
    "coach-time",
    [
        ("coach", "coach.full_name"),
        *[(duty, lambda t, duty=duty: t.minutes[duty]) for duty in Duty.values],
        ("bridge_share", lambda t: "" if t.bridge_share is None else f"{t.bridge_share:.3f}"),
    ],
    names=True,
)


@district_view(*VIEW_ROLES)
def caseload(request):
    membership = request.membership
    cycles = selectors.cycles_for_page(membership)
    status = request.GET.get("status", "")
    if status:
        cycles = cycles.filter(status=status)
    if wants_csv(request):
        return CYCLE_CSV.respond(request, cycles)
    title = (
        "My caseload"
        if membership.role == Role.COACH
        else ("My coaching" if membership.role == Role.TEACHER else "Coaching cycles")
    )
    return render(
        request,
        "coaching/caseload.html",
        {
            "cycles": cycles,
            "status": status,
            "title": title,
            "can_add": can_lead_cycles(membership),
        },
    )


def _visible_cycle(request, cycle_id) -> CoachingCycle:
    return get_for_district_or_404(
        CoachingCycle.objects.visible_to(request.membership).select_related(
            "coach", "school", "focus"
        ),
        request.district,
        cycle_id,
    )


REFLECTION_SEEN_BY = "Your coach, your school's leaders and district admins"


@district_view(*VIEW_ROLES)
def cycle_detail(request, cycle_id):
    return _cycle_page(request, _visible_cycle(request, cycle_id))


def _cycle_page(request, cycle, reflection_forms=None, status=200):
    membership = request.membership
    sessions = list(
        CoachingSession.objects.for_district(request.district)
        .filter(cycle=cycle)
        .prefetch_related("teachers_present")
        .order_by("-date")
    )
    teachers = list(cycle.teachers.all())
    record_access(
        request,
        AuditKind.VIEW_COACHING,
        teachers,
        f"Coaching cycle at {cycle.school.name} from {cycle.start_date:%b %-d, %Y}",
        cycle,
    )
    receipts = selectors.receipts_by_session(cycle)
    mine = {
        session_id: receipt
        for session_id, rows in receipts.items()
        for receipt in rows
        if membership.educator_id is not None and receipt.educator_id == membership.educator_id
    }
    forms = reflection_forms or {}
    for session_id, receipt in mine.items():
        forms.setdefault(
            session_id,
            ReflectionForm(
                initial={"reflection": receipt.reflection},
                seen_by=REFLECTION_SEEN_BY,
                about=f"the notes of {receipt.session.date:%b %-d}",
                prefix=f"s{session_id.hex[:8]}",
            ),
        )
    for session in sessions:
        session.my_receipt = mine.get(session.pk)
        session.reflection_form = forms.get(session.pk)
        session.all_receipts = receipts.get(session.pk, [])
    return render(
        request,
        "coaching/cycle_detail.html",
        {
            "cycle": cycle,
            "sessions": sessions,
            "sees_reflections": can_see_reflections(membership, cycle),
            "teachers": teachers,
            "can_edit": can_edit_cycle(request.membership, cycle),
            "deleted": deleted_rows(
                selectors.deleted_sessions(cycle),
                url_name="coaching_session_restore",
                slug=request.district.slug,
                label=lambda entry: f"Session of {entry.date:%b %-d, %Y}",
            )
            if can_edit_cycle(request.membership, cycle)
            else [],
        },
        status=status,
    )


@require_POST
@district_view(*VIEW_ROLES)
def session_acknowledge(request, coaching_session_id):
    """A teacher of the cycle acknowledges the notes they received, with a reflection."""
    session = _visible_session(request, coaching_session_id)
    membership = request.membership
    receipt = (
        SessionReceipt.objects.for_district(request.district)
        .filter(session=session, educator_id=membership.educator_id)
        .first()
        if membership.educator_id
        else None
    )
    if receipt is None:
        raise PermissionDenied("Only a teacher who received the notes acknowledges them.")
    form = ReflectionForm(request.POST, seen_by=REFLECTION_SEEN_BY, prefix=f"s{session.pk.hex[:8]}")
    if form.is_valid():
        try:
            services.coaching_notes_acknowledge(
                district=request.district,
                session=session,
                membership=membership,
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return _cycle_page(request, session.cycle, {session.pk: form}, status=400)
    messages.success(request, "Acknowledged: your coach can see that the notes reached you.")
    return redirect(services.session_path(request.district, session))


def _cycle_form(request, cycle):
    district, membership = request.district, request.membership
    form = CoachingCycleForm(
        request.POST or None, instance=cycle, district=district, membership=membership
    )
    return form_page(
        request,
        form,
        lambda data: services.coaching_cycle_save(district=district, cycle=cycle, **data),
        title="Edit the cycle" if cycle else "Start a coaching cycle",
        back="coaching_caseload",
        success="Cycle saved.",
        success_url=lambda saved: reverse("coaching_cycle", args=[district.slug, saved.pk]),
    )


@district_view(*WRITE_ROLES)
def cycle_create(request):
    if not can_lead_cycles(request.membership):
        raise PermissionDenied("Link your login to your roster record to lead cycles.")
    return _cycle_form(request, None)


@district_view(*WRITE_ROLES)
def cycle_edit(request, cycle_id):
    cycle = _visible_cycle(request, cycle_id)
    if not can_edit_cycle(request.membership, cycle):
        raise PermissionDenied("Only the cycle's coach and district admins edit it.")
    return _cycle_form(request, cycle)


def _session_form(request, cycle, session):
    district = request.district
    if not can_edit_cycle(request.membership, cycle):
        raise PermissionDenied("Only the cycle's coach and district admins record its sessions.")
    form = CoachingSessionForm(
        request.POST or None, instance=session, district=district, cycle=cycle
    )
    return activity_form_page(
        request,
        form,
        lambda data: services.coaching_session_record(
            district=district, session=session, cycle=cycle, **data
        ),
        template="coaching/session_form.html",
        back=reverse("coaching_cycle", args=[district.slug, cycle.pk]),
        success="Session saved; the teachers' hours are updated.",
        context={
            "cycle": cycle,
            "session": session,
            "changes": selectors.session_history(session) if session else [],
        },
    )


@district_view(*WRITE_ROLES)
def session_create(request, cycle_id):
    return _session_form(request, _visible_cycle(request, cycle_id), None)


def _visible_session(request, session_id) -> CoachingSession:
    return get_for_district_or_404(
        CoachingSession.objects.visible_to(request.membership).select_related("cycle"),
        request.district,
        session_id,
    )


@district_view(*WRITE_ROLES)
def session_edit(request, coaching_session_id):
    session = _visible_session(request, coaching_session_id)
    if request.method == "GET":
        record_access(
            request,
            AuditKind.VIEW_COACHING,
            session.teachers_present.all(),
            f"Coaching session of {session.date:%b %-d, %Y}",
            session,
        )
    return _session_form(request, session.cycle, session)


@district_view(*WRITE_ROLES)
def session_delete(request, coaching_session_id):
    session = _visible_session(request, coaching_session_id)
    if not can_edit_cycle(request.membership, session.cycle):
        raise PermissionDenied("Only the cycle's coach and district admins delete its sessions.")
    return confirm_delete_page(
        request,
        session,
        lambda: services.coaching_session_delete(district=request.district, session=session),
        back=reverse("coaching_cycle", args=[request.district.slug, session.cycle_id]),
        consequence="Its minutes leave the hours of the teachers who were there.",
    )


@require_POST
@district_view(*WRITE_ROLES)
def session_restore(request, coaching_session_id):
    deleted = get_deleted_or_404(CoachingSession, request.district, coaching_session_id)
    cycle = _visible_cycle(request, deleted.cycle_id)
    if not can_edit_cycle(request.membership, cycle):
        raise PermissionDenied("Only the cycle's coach and district admins restore its sessions.")
    return restore_page(
        request,
        lambda: services.coaching_session_restore(
            district=request.district, session_id=coaching_session_id
        ),
        back=reverse("coaching_cycle", args=[request.district.slug, cycle.pk]),
        noun="session",
    )


WEEKS_SHOWN = 8


@district_view(*TIME_ROLES)
def coach_time(request):
    """A coach logs their week; admins see every coach's allocation."""
    district, membership = request.district, request.membership
    today = district_today(district)
    if membership.role == Role.COACH:
        coach = membership.educator
        if coach is None:
            return render(request, "pl_hours/no_educator.html")
        form = CoachWeekForm(request.POST or None, initial={"week_start": today})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.coach_week_save(district=district, coach=coach, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Week saved.")
                return redirect("coach_time", district_slug=district.slug)
        weeks = selectors.coach_weeks(district, coach, WEEKS_SHOWN, today)
        return render(
            request,
            "coaching/coach_time.html",
            {"form": form, "weeks": weeks, "duties": Duty.choices, "coach": coach},
            status=400 if form.errors else 200,
        )
    start = today - timedelta(weeks=WEEKS_SHOWN)
    coaches = Educator.objects.for_district(district).filter(position=Position.COACH, active=True)
    totals = selectors.coach_totals(district, coaches, start, today)
    if wants_csv(request):
        return COACH_TIME_CSV.respond(request, totals)
    return render(
        request,
        "coaching/coach_time_district.html",
        {
            "totals": totals,
            "duties": Duty.choices,
            "start": start,
            "today": today,
            "entered_duties": ENTERED_DUTIES,
        },
    )
