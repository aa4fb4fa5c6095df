from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.models import AuditKind
from audit.web import record_access
from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport, wants_csv
from districts.models import Educator, Role, School
from districts.permissions import schools_in_scope
from districts.selectors import school_year_from
from districts.web import (
    PAGE_SIZE,
    confirm_delete_page,
    deleted_rows,
    form_page,
    get_deleted_or_404,
    list_page,
    restore_page,
)
from pl_hours import charts, selectors, services
from pl_hours.forms import ManualEntryForm, OtherActivityForm, readout_of
from pl_hours.models import ManualEntry, OtherActivity, WeeklyRollup
from pl_hours.permissions import (
    AGGREGATE_ROLES,
    MANUAL_ROLES,
    RECORD_ROLES,
    attendee_candidates,
    can_record_for_school,
    can_see_school_detail,
    manual_entry_educators,
    other_activities_in_scope,
)
from pl_hours.rules import CATEGORIES
from pl_hours.web import activity_form_page

STATUS_ORDER = {"off_track": 0, "at_risk": 1, "on_track": 2}


def _year_or_empty(request):
    """The school year the page shows (``?year=``, else the one going on) as a Year."""
    year = selectors.year_in_view(
        request.district, school_year=school_year_from(request.district, request.GET.get("year"))
    )
    if year is None:
        return None, render(request, "pl_hours/no_school_year.html", status=200)
    return year, None


def _chart(year, rollups, summary, title, *, per_teacher):
    series = selectors.weekly_series(year, rollups, summary.starts)
    return charts.hours_so_far(series, title=title, per_teacher=per_teacher), series


# --- Hours pages --------------------------------------------------------------------------


@district_view()
def my_hours(request):
    educator = request.membership.educator
    if educator is None:
        return render(request, "pl_hours/no_educator.html")
    return _educator_page(request, educator, mine=True)


@district_view(Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)
def educator_hours(request, educator_id):
    educator = get_for_district_or_404(
        Educator.objects.visible_to(request.membership), request.district, educator_id
    )
    return _educator_page(request, educator, mine=False)


def _educator_page(request, educator, *, mine):
    year, empty = _year_or_empty(request)
    if empty:
        return empty
    summary = selectors.educator_hours(year, educator)
    if not mine:
        record_access(request, AuditKind.VIEW_HOURS, [educator], "PL hours", educator)
    rollups = WeeklyRollup.objects.for_district(request.district).filter(educator=educator)
    chart, series = _chart(
        year, rollups, summary, f"Meaningful PL hours of {educator.full_name}", per_teacher=False
    )
    entries = selectors.entries_by_source(year, educator)
    if wants_csv(request):
        return replace(ENTRY_CSV, name=f"hours-{educator.pk}").respond(request, entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pl_hours/educator_hours.html",
        {
            "educator": educator,
            "mine": mine,
            "year": year,
            "summary": summary,
            "chart": chart,
            "series": series,
            "page": page,
        },
    )


ENTRY_CSV = CsvExport(
    "hours",
    [
        ("date", "date"),
        ("activity", "source_title"),
        ("kind", "source_kind"),
        ("minutes", "total"),
        ("meaningful_minutes", "meaningful_minutes"),
    ],
    names=True,
)
TEACHER_CSV = CsvExport(
    "hours",
    [
        ("educator", "name"),
        ("meaningful_hours", "hours.meaningful_hours"),
        ("prorated_target", lambda r: f"{r.hours.prorated_target:.2f}"),
        ("status", "hours.status"),
        ("projection", lambda r: f"{r.hours.projection:.2f}"),
        ("total_hours", "hours.total_hours"),
        ("aligned_hours", "hours.aligned_hours"),
    ],
    names=True,
)
SCHOOL_HOURS_CSV = CsvExport(
    "hours",
    [
        ("school", "school.name"),
        ("code", "school.code"),
        ("teachers", "hours.educators"),
        ("mean_meaningful_hours", lambda line: f"{line.hours.meaningful_hours:.2f}"),
        ("on_track", lambda line: line.statuses["on_track"]),
        ("at_risk", lambda line: line.statuses["at_risk"]),
        ("off_track", lambda line: line.statuses["off_track"]),
        ("meaningful_share", lambda line: f"{line.hours.meaningful_share:.3f}"),
    ],
)

SORTS = {
    "name": (lambda r: r.name.split()[-1:] + [r.name], False),
    "meaningful": (lambda r: r.hours.meaningful_hours, True),
    "status": (lambda r: STATUS_ORDER[r.hours.status], False),
    "projection": (lambda r: r.hours.projection, True),
}


@district_view(Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH)
def school_hours(request, school_id):
    school = get_for_district_or_404(School, request.district, school_id)
    if not can_see_school_detail(request.membership, school.pk):
        raise PermissionDenied("You can see the hours of your own schools.")
    year, empty = _year_or_empty(request)
    if empty:
        return empty
    summary, rows = selectors.school_hours(year, school)
    record_access(
        request,
        AuditKind.VIEW_HOURS,
        [row.educator_id for row in rows],
        f"PL hours of the staff of {school.name}",
        school,
    )
    sort = request.GET.get("sort", "status")
    key, reverse_order = SORTS.get(sort, SORTS["status"])
    rows.sort(key=key, reverse=reverse_order)
    if wants_csv(request):
        return replace(TEACHER_CSV, name=f"hours-{school.code}").respond(request, rows)
    rollups = WeeklyRollup.objects.for_district(request.district).filter(
        educator__in=selectors.participants(request.district).filter(school=school)
    )
    chart, series = _chart(
        year,
        rollups,
        summary,
        f"Mean meaningful PL hours at {school.name}",
        per_teacher=True,
    )
    return render(
        request,
        "pl_hours/school_hours.html",
        {
            "school": school,
            "year": year,
            "summary": summary,
            "rows": rows,
            "sort": sort,
            "sort_options": [
                ("status", "status"),
                ("name", "name"),
                ("meaningful", "meaningful hours"),
                ("projection", "projection"),
            ],
            "chart": chart,
            "series": series,
            "statuses": selectors.status_counts(rows),
        },
    )


@district_view(*AGGREGATE_ROLES)
def district_hours(request):
    year, empty = _year_or_empty(request)
    if empty:
        return empty
    summary, lines = selectors.district_hours(year)
    sort = request.GET.get("sort", "name")
    if sort == "meaningful":
        lines.sort(key=lambda line: line.hours.meaningful_hours)
    if wants_csv(request):
        return SCHOOL_HOURS_CSV.respond(request, lines)
    return render(
        request,
        "pl_hours/district_hours.html",
        {
            "year": year,
            "summary": summary,
            "lines": lines,
            "sort": sort,
            "detail_school_ids": {
                line.school.pk
                for line in lines
                if can_see_school_detail(request.membership, line.school.pk)
            },
        },
    )


# --- The live split readout ---------------------------------------------------------------


@district_view()
def split_readout(request):
    """Minutes left to assign and the meaningful share, for the form as it is being filled."""
    return render(request, "pl_hours/_split_readout.html", readout_of(request.GET))


# --- Other PL and manual entries -----------------------------------------------------------


OTHER_CSV = CsvExport(
    "other-pl",
    [
        ("date", "date"),
        ("kind", "kind"),
        ("title", "title"),
        ("school", "school.code"),
        ("minutes", "minutes"),
        ("math_specific", "math_specific"),
        ("priority", "priority.title"),
        *[(c, lambda a, c=c: a.split[c]) for c in CATEGORIES],
    ],
)


@district_view(*RECORD_ROLES)
def other_list(request):
    activities = other_activities_in_scope(request.membership).select_related("school", "priority")
    kind = request.GET.get("kind")
    if kind:
        activities = activities.filter(kind=kind)
    deleted = [
        entry
        for entry in selectors.deleted_other_activities(request.district)
        if can_record_for_school(request.membership, entry.school_id)
    ]
    return list_page(
        request,
        activities,
        template="pl_hours/other_list.html",
        export=OTHER_CSV,
        context={
            "kind": kind,
            "deleted": deleted_rows(
                deleted,
                url_name="other_restore",
                slug=request.district.slug,
                label=lambda entry: f"{entry.title} ({entry.date:%b %-d, %Y})",
            ),
        },
    )


def _other_form(request, activity):
    district, membership = request.district, request.membership
    form = OtherActivityForm(
        request.POST or None,
        instance=activity,
        district=district,
        candidates=attendee_candidates(membership),
    )
    if not membership.is_admin:
        form.fields["school"].queryset = schools_in_scope(membership)
        form.fields["school"].required = True
    return activity_form_page(
        request,
        form,
        lambda data: services.other_activity_save(district=district, activity=activity, **data),
        template="pl_hours/activity_form.html",
        title=f"Edit {activity}" if activity else "Record staff meeting or other PL",
        back="other_list",
        success="Saved. Everyone's hours are updated.",
        context={
            "delete_url": reverse("other_delete", args=[district.slug, activity.pk])
            if activity
            else None,
            "changes": selectors.other_activity_history(activity) if activity else [],
        },
    )


@district_view(*RECORD_ROLES)
def other_create(request):
    return _other_form(request, None)


def _editable_other(request, activity_id):
    activity = get_for_district_or_404(OtherActivity, request.district, activity_id)
    if not can_record_for_school(request.membership, activity.school_id):
        raise PermissionDenied("You can edit activities of your own schools.")
    return activity


@district_view(*RECORD_ROLES)
def other_edit(request, activity_id):
    return _other_form(request, _editable_other(request, activity_id))


@district_view(*RECORD_ROLES)
def other_delete(request, activity_id):
    activity = _editable_other(request, activity_id)
    return confirm_delete_page(
        request,
        activity,
        lambda: services.other_activity_delete(district=request.district, activity=activity),
        back="other_list",
        consequence="Its minutes leave the hours of everyone who attended.",
    )


@require_POST
@district_view(*RECORD_ROLES)
def other_restore(request, activity_id):
    deleted = get_deleted_or_404(OtherActivity, request.district, activity_id)
    if not can_record_for_school(request.membership, deleted.school_id):
        raise PermissionDenied("You can restore activities of your own schools.")
    return restore_page(
        request,
        lambda: services.other_activity_restore(district=request.district, activity_id=activity_id),
        back="other_list",
        noun="activity",
    )


@district_view(*MANUAL_ROLES)
def manual_list(request):
    educators = manual_entry_educators(request.membership)
    entries = (
        ManualEntry.objects.for_district(request.district)
        .filter(educator__in=educators)
        .select_related("educator", "priority")
    )
    mine = set(educators.values_list("pk", flat=True))
    deleted = [
        e for e in selectors.deleted_manual_entries(request.district) if e.educator_id in mine
    ]
    return list_page(
        request,
        entries,
        template="pl_hours/manual_list.html",
        context={
            "deleted": deleted_rows(
                deleted,
                url_name="manual_restore",
                slug=request.district.slug,
                label=lambda entry: f"{entry.description} ({entry.date:%b %-d, %Y})",
            )
        },
    )


def _manual_entries(request):
    return ManualEntry.objects.for_district(request.district).filter(
        educator__in=manual_entry_educators(request.membership)
    )


@district_view(*MANUAL_ROLES)
def manual_edit(request, entry_id=None):
    entry = (
        get_for_district_or_404(_manual_entries(request), request.district, entry_id)
        if (entry_id)
        else None
    )
    educators = manual_entry_educators(request.membership).filter(active=True)
    if not educators.exists():
        return render(request, "pl_hours/no_educator.html")
    form = ManualEntryForm(
        request.POST or None, instance=entry, district=request.district, educators=educators
    )
    if entry is None and educators.count() == 1:
        form.fields["educator"].initial = educators.first()
    return form_page(
        request,
        form,
        lambda data: services.manual_entry_record(
            district=request.district, entry=entry, recorded_by=request.user, **data
        ),
        template="pl_hours/manual_form.html",
        back="manual_list",
        success="Saved. Their hours are updated." if entry else "Recorded.",
        context={
            "entry": entry,
            "changes": selectors.manual_entry_history(entry) if entry else [],
        },
    )


@district_view(*MANUAL_ROLES)
def manual_delete(request, entry_id):
    entry = get_for_district_or_404(_manual_entries(request), request.district, entry_id)
    return confirm_delete_page(
        request,
        entry,
        lambda: services.manual_entry_delete(district=request.district, entry=entry),
        back="manual_list",
        consequence="Its minutes leave the educator's hours.",
    )


@require_POST
@district_view(*MANUAL_ROLES)
def manual_restore(request, entry_id):
    deleted = get_deleted_or_404(ManualEntry, request.district, entry_id)
    if not manual_entry_educators(request.membership).filter(pk=deleted.educator_id).exists():
        raise PermissionDenied("You can restore PL you may record.")
    return restore_page(
        request,
        lambda: services.manual_entry_restore(district=request.district, entry_id=entry_id),
        back="manual_list",
        noun="entry",
    )
