from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from dashboard import selectors, services
from dashboard.models import (
    SCHOOL_PAGES_UP_TO,
    BoardReport,
    Paper,
    ReportKind,
    ReportStatus,
    SchoolPages,
)
from dashboard.permissions import (
    REPORT_VIEW,
    REPORT_WRITE,
    check_report_request,
    report_schools,
)
from districts.access import district_view, get_for_district_or_404
from districts.models import GradeBand, Priority, Role, School, SchoolYear
from districts.permissions import schools_in_view
from districts.selectors import school_year_for, school_year_from
from pl_hours import charts
from subsystems import indicators
from subsystems.indicators.services import indicator_goals_save

PARTIALS = {"body", "headline", "heatmap", "trend", "okrs", "gaps"}
DETAIL_ROLES = (Role.DISTRICT_ADMIN, Role.SCHOOL_LEADER, Role.COACH, Role.VIEWER)


def _query_string(filters) -> str:
    """The filters as a query string, leaving out what is the default anyway."""
    defaults = selectors.Filters().query()
    return urlencode({k: v for k, v in filters.query().items() if v and v != defaults[k]})


@district_view()
def district_dashboard(request):
    """The page a math coordinator opens every Monday."""
    district, membership = request.district, request.membership
    filters = selectors.parse_filters(district, request.GET)
    data = selectors.build(membership, filters)
    if data is None:
        return render(request, "pl_hours/no_school_year.html")
    context = {
        "data": data,
        "filters": filters,
        "query": _query_string(filters),
        "windows": selectors.WINDOWS,
        "grade_bands": GradeBand.choices,
        "years": SchoolYear.objects.for_district(district),
        # Only the full page's filter form lists them: a partial skips the query.
        "all_schools": lambda: selectors.visible_schools(membership, selectors.Filters()),
        "priorities": Priority.objects.for_district(district),
        "subsystems": indicators.SUBSYSTEMS,
        "can_drill": membership.role in DETAIL_ROLES,
        "research_share": selectors.RESEARCH_SPLIT["instructional_planning"],
    }
    partial = request.GET.get("partial")
    if partial in PARTIALS:
        template = f"dashboard/district.html#{partial}"
    elif request.htmx:
        template = "dashboard/district.html#body"
    else:
        template = "dashboard/district.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@district_view(*DETAIL_ROLES)
def school_dashboard(request, school_id):
    district, membership = request.district, request.membership
    school = get_for_district_or_404(School, district, school_id)
    if not schools_in_view(membership).filter(pk=school.pk).exists():
        raise PermissionDenied("You can open the schools you work with.")
    filters = selectors.parse_filters(district, request.GET)
    detail = selectors.school_detail(membership, school, filters)
    if detail is None:
        return render(request, "pl_hours/no_school_year.html")
    time_use_chart = charts.stacked_shares(
        [
            (school.name, detail.plc_time_use.shares),
            ("Research baseline", selectors.research_time_use()),
        ],
        title=f"How PLC time is used at {school.name}",
        description="Share of PLC minutes by time use at the school, above the research "
        "baseline. The table after the chart lists the values.",
    )
    distribution_chart = charts.histogram(
        detail.distribution,
        title=f"Teachers at {school.name} by meaningful hours so far",
        description="How many teachers have each range of meaningful PL hours this year.",
    )
    return render(
        request,
        "dashboard/school.html",
        {
            "detail": detail,
            "school": school,
            "query": _query_string(filters),
            "time_use_chart": time_use_chart,
            "distribution_chart": distribution_chart,
            "research": selectors.research_time_use(),
            "records_visible": membership.role != Role.VIEWER,
        },
    )


@district_view(Role.DISTRICT_ADMIN)
def indicator_goals(request):
    """District admins set each indicator's goal."""
    district = request.district
    goals = indicators.goals_for(district)
    errors = {}
    if request.method == "POST":
        try:
            indicator_goals_save(district=district, goals=request.POST)
        except ValidationError as exc:
            errors = {key: messages_[0] for key, messages_ in exc.message_dict.items()}
        else:
            messages.success(request, "Goals saved.")
            return redirect("indicator_goals", district_slug=district.slug)
        goals = {**goals, **{k: request.POST.get(k, "") for k in errors}}
    rows = [
        {
            "indicator": ind,
            "goal": goals[key],
            "error": errors.get(key),
            "subsystem": dict(indicators.SUBSYSTEMS)[ind.subsystem],
        }
        for key, ind in indicators.REGISTRY.items()
    ]
    return render(
        request, "dashboard/indicator_goals.html", {"rows": rows}, status=400 if errors else 200
    )


# --- Board reports -------------------------------------------------------------------------


@district_view(*REPORT_VIEW)
def report_list(request):
    """Ask for a report; see past ones with who asked and what for; download when ready."""
    district, membership = request.district, request.membership
    errors = []
    can_request = membership.role in REPORT_WRITE
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied("District admins and school leaders make reports.")
        kind = request.POST.get("kind") or ReportKind.REPORT
        school_id = request.POST.get("school") or None
        school = report_schools(membership).filter(pk=school_id).first() if school_id else None
        try:
            if school_id and school is None:
                raise ValidationError({"school": ["Choose one of your schools."]})
            check_report_request(membership, school=school, packet=kind == ReportKind.PACKET)
            report = services.report_ask(
                district=district,
                kind=kind,
                school=school,
                school_year=school_year_from(district, request.POST.get("year")),
                period=request.POST.get("period", "ytd"),
                paper=request.POST.get("paper", "letter"),
                school_pages=request.POST.get("school_pages", SchoolPages.AUTO),
                requested_by=request.user,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("report_detail", district_slug=district.slug, report_id=report.pk)
    reports = BoardReport.objects.visible_to(membership).select_related(
        "school", "school_year", "requested_by"
    )
    return render(
        request,
        "dashboard/reports.html",
        {
            "reports": reports[:50],
            "errors": errors,
            "can_request": can_request,
            "schools": report_schools(membership),
            "periods": selectors.WINDOWS,
            "school_year": school_year_for(district, district.today()),
            "papers": Paper.choices,
            "kinds": ReportKind.choices,
            "school_pages": SchoolPages.choices,
            "school_pages_up_to": SCHOOL_PAGES_UP_TO,
        },
        status=400 if errors else 200,
    )


@district_view(*REPORT_VIEW)
def report_detail(request, report_id):
    report = get_for_district_or_404(
        BoardReport.objects.visible_to(request.membership).select_related(
            "school", "school_year", "requested_by"
        ),
        request.district,
        report_id,
    )
    template = (
        "dashboard/report_status.html#status" if request.htmx else "dashboard/report_status.html"
    )
    return render(
        request,
        template,
        {
            "report": report,
            "periods": selectors.WINDOWS,
            "can_request": request.membership.role in REPORT_WRITE,
        },
    )


@require_POST
@district_view(*REPORT_WRITE)
def report_regenerate(request, report_id):
    report = get_for_district_or_404(
        BoardReport.objects.visible_to(request.membership), request.district, report_id
    )
    try:
        check_report_request(
            request.membership, school=report.school, packet=report.kind == ReportKind.PACKET
        )
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from None
    again = services.report_regenerate(
        district=request.district, report=report, requested_by=request.user
    )
    return redirect("report_detail", district_slug=request.district.slug, report_id=again.pk)


@district_view(*REPORT_VIEW)
def report_download(request, report_id):
    report = get_for_district_or_404(
        BoardReport.objects.visible_to(request.membership), request.district, report_id
    )
    return report_file_response(request.district, report)


def report_file_response(district, report: BoardReport) -> FileResponse:
    """The made file, a PDF or a school packet's zip (the page's download and the API's)."""
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("This report is not ready.")
    if report.kind == ReportKind.PACKET:
        name, content_type = f"{district.slug}-school-packet.zip", "application/zip"
    else:
        who = report.school.code if report.school else "district"
        name, content_type = f"{district.slug}-{who}-report.pdf", "application/pdf"
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
