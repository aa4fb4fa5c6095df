"""The plan: vision, priorities, objectives → key results → check-ins, school goals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.csv_export import CsvExport, wants_csv, yes_no
from districts.models import Priority, Role, School
from districts.permissions import schools_in_scope
from districts.selectors import school_year_for, school_year_from
from districts.web import (
    add_service_errors,
    by_school,
    confirm_delete_page,
    deleted_rows,
    form_page,
    get_deleted_or_404,
    restore_page,
)
from subsystems.models import CheckIn, KeyResult, Objective, SchoolGoal, Vision
from subsystems.plan import selectors, services
from subsystems.plan.forms import (
    CheckInForm,
    KeyResultForm,
    ObjectiveForm,
    SchoolGoalForm,
    VisionForm,
)
from subsystems.plan.permissions import PLAN_WRITE, can_edit_objective
from subsystems.plan.selectors import key_result_rows, objectives_with_key_results, of_year

PLAN_CSV = CsvExport(
    "plan",
    [
        ("objective", lambda row: row[0].title),
        ("level", lambda row: row[0].level),
        ("school", lambda row: row[0].school or ""),
        ("priority", lambda row: row[0].priority),
        ("key_result", lambda row: row[1].kr.title),
        ("baseline", lambda row: row[1].kr.baseline),
        ("target", lambda row: row[1].kr.target),
        ("unit", lambda row: row[1].kr.unit),
        ("due", lambda row: row[1].kr.due_date),
        ("latest_value", lambda row: row[1].latest.value if row[1].latest else ""),
        ("latest_date", lambda row: row[1].latest.date if row[1].latest else ""),
        ("confidence", lambda row: row[1].latest.confidence if row[1].latest else ""),
        ("progress", lambda row: "" if row[1].progress is None else f"{row[1].progress:.2f}"),
    ],
)


@district_view()
def plan(request):
    district = request.district
    school_year = school_year_from(district, request.GET.get("year")) or school_year_for(
        district, district.today()
    )
    objectives = objectives_with_key_results(district)
    if school_year is not None:
        objectives = of_year(objectives, school_year)
    priority_id = request.GET.get("priority", "")
    priorities = Priority.objects.for_district(request.district)
    schools = School.objects.for_district(request.district)
    if priority_id and priorities.filter(pk=priority_id if is_uuid(priority_id) else None).exists():
        objectives = objectives.filter(priority_id=priority_id)
    objectives, school_id = by_school(request, objectives)
    objectives = list(objectives)
    if wants_csv(request):
        rows = [(o, r) for o in objectives for r in key_result_rows(o)]
        return PLAN_CSV.respond(request, rows)
    return render(
        request,
        "subsystems/plan.html",
        {
            "vision": Vision.objects.for_district(request.district).first(),
            "priorities": priorities,
            "schools": schools,
            "objectives": [
                {
                    "objective": o,
                    "rows": key_result_rows(o),
                    "can_edit": can_edit_objective(request.membership, o),
                }
                for o in objectives
            ],
            "filters": {"priority": priority_id, "school": school_id},
            "school_year": school_year,
            "can_add": request.membership.role in PLAN_WRITE,
        },
    )


@district_view(Role.DISTRICT_ADMIN)
def vision_edit(request):
    current = Vision.objects.for_district(request.district).first()
    form = VisionForm(
        request.POST or None, initial={"statement": current.statement if current else ""}
    )
    return form_page(
        request,
        form,
        lambda data: services.vision_save(district=request.district, **data),
        title="The district's math vision",
        back="plan",
        success="Vision saved.",
    )


@district_view(*PLAN_WRITE)
def objective_edit(request, objective_id=None):
    district, membership = request.district, request.membership
    objective = get_for_district_or_404(Objective, district, objective_id) if objective_id else None
    if objective is not None and not can_edit_objective(membership, objective):
        raise PermissionDenied("You can edit your own schools' objectives.")
    form = ObjectiveForm(request.POST or None, instance=objective, district=district)
    form.fields["school"].queryset = schools_in_scope(request.membership)
    if not membership.is_admin:
        form.fields["level"].choices = [("school", "School")]

    def save(data):
        if not membership.is_admin and data.get("school") is None:
            raise ValidationError({"school": ["Choose one of your schools."]})
        services.objective_save(district=district, objective=objective, **data)

    return form_page(
        request,
        form,
        save,
        title=f"Edit {objective}" if objective else "Add an objective",
        back="plan",
    )


def _editable_key_result(request, key_result_id):
    key_result = get_for_district_or_404(
        KeyResult.objects.for_district(request.district).select_related("objective"),
        request.district,
        key_result_id,
    )
    if not can_edit_objective(request.membership, key_result.objective):
        raise PermissionDenied("You can edit your own schools' key results.")
    return key_result


@district_view(*PLAN_WRITE)
def key_result_create(request, objective_id):
    objective = get_for_district_or_404(Objective, request.district, objective_id)
    if not can_edit_objective(request.membership, objective):
        raise PermissionDenied("You can edit your own schools' objectives.")
    form = KeyResultForm(request.POST or None, district=request.district)
    return form_page(
        request,
        form,
        lambda data: services.key_result_save(
            district=request.district, objective=objective, **data
        ),
        title=f"Add a key result to “{objective}”",
        back="plan",
    )


@district_view(*PLAN_WRITE)
def key_result_edit(request, key_result_id):
    key_result = _editable_key_result(request, key_result_id)
    form = KeyResultForm(request.POST or None, instance=key_result, district=request.district)
    return form_page(
        request,
        form,
        lambda data: services.key_result_save(
            district=request.district, key_result=key_result, objective=key_result.objective, **data
        ),
        title=f"Edit {key_result}",
        back="plan",
        template="subsystems/key_result.html",
        context=lambda: {
            "key_result": key_result,
            "check_ins": selectors.check_ins_of(key_result),
            "deleted": deleted_rows(
                selectors.deleted_check_ins(key_result),
                url_name="check_in_restore",
                slug=request.district.slug,
                label=lambda entry: f"{entry.value} on {entry.date:%b %-d, %Y}",
            ),
        },
    )


@require_POST
@district_view(*PLAN_WRITE)
def key_result_measure(request, key_result_id):
    """Check a measured key result in now, rather than waiting for the Monday job."""
    key_result = _editable_key_result(request, key_result_id)
    if services.measure_now(district=request.district, key_result=key_result):
        messages.success(request, f"Measured “{key_result}” with today's figures.")
    else:
        messages.error(request, f"“{key_result}” has no figure to measure yet.")
    return redirect(
        "key_result_edit", district_slug=request.district.slug, key_result_id=key_result.pk
    )


def _editable_check_in(request, check_in_id):
    check_in = get_for_district_or_404(
        CheckIn.objects.for_district(request.district).select_related("key_result__objective"),
        request.district,
        check_in_id,
    )
    if not can_edit_objective(request.membership, check_in.key_result.objective):
        raise PermissionDenied("You can correct your own schools' check-ins.")
    return check_in


@district_view(*PLAN_WRITE)
def check_in_edit(request, check_in_id):
    check_in = _editable_check_in(request, check_in_id)
    key_result = check_in.key_result
    form = CheckInForm(request.POST or None, instance=check_in, district=request.district)
    back = reverse("key_result_edit", args=[request.district.slug, key_result.pk])
    return form_page(
        request,
        form,
        lambda data: services.check_in_record(
            district=request.district,
            check_in=check_in,
            key_result=key_result,
            **data,
        ),
        title=f"Correct the check-in of {check_in.date:%b %-d, %Y}: {key_result}",
        back=back,
        success="Check-in corrected.",
        template="subsystems/check_in_edit.html",
        context={"check_in": check_in, "changes": selectors.check_in_history(check_in)},
    )


@district_view(*PLAN_WRITE)
def check_in_delete(request, check_in_id):
    check_in = _editable_check_in(request, check_in_id)
    return confirm_delete_page(
        request,
        check_in,
        lambda: services.check_in_delete(district=request.district, check_in=check_in),
        back=reverse("key_result_edit", args=[request.district.slug, check_in.key_result_id]),
        consequence="The key result's progress goes back to the check-in before it.",
    )


@require_POST
@district_view(*PLAN_WRITE)
def check_in_restore(request, check_in_id):
    deleted = get_deleted_or_404(CheckIn, request.district, check_in_id)
    key_result = _editable_key_result(request, deleted.key_result_id)
    return restore_page(
        request,
        lambda: services.check_in_restore(district=request.district, check_in_id=check_in_id),
        back=reverse("key_result_edit", args=[request.district.slug, key_result.pk]),
        noun="check-in",
    )


@district_view(*PLAN_WRITE)
def check_in(request, key_result_id):
    """Check a key result in; inline on the plan page with HTMX, or as its own page."""
    key_result = _editable_key_result(request, key_result_id)

    def row_response():
        objective = objectives_with_key_results(request.district).get(pk=key_result.objective_id)
        row = next(r for r in key_result_rows(objective) if r.kr.pk == key_result.pk)
        return render(request, "subsystems/plan.html#kr-row", {"row": row, "can_edit": True})

    if request.htmx and request.GET.get("cancel"):
        return row_response()
    form = CheckInForm(request.POST or None, district=request.district)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_record(
                district=request.district,
                key_result=key_result,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return row_response()
            messages.success(request, "Checked in.")
            return redirect("plan", district_slug=request.district.slug)
    if request.htmx:  # the form in place of the key result's row (errors included)
        return render(
            request,
            "subsystems/check_in.html#check-in-row",
            {"form": form, "key_result": key_result},
        )
    return render(
        request,
        "subsystems/check_in.html",
        {"form": form, "key_result": key_result},
        status=400 if form.errors else 200,
    )


# --- School goals ----------------------------------------------------------------------------


GOAL_CSV = CsvExport(
    "school-goals",
    [
        ("school", "school"),
        ("goal", "title"),
        ("priorities", lambda g: "; ".join(p.title for p in g.priorities.all())),
        ("aligned", lambda g: yes_no(bool(g.priorities.all()))),
    ],
)


@district_view()
def school_goal_list(request):
    goals = (
        SchoolGoal.objects.for_district(request.district)
        .select_related("school")
        .prefetch_related("priorities")
    )
    goals, school_id = by_school(request, goals)
    unaligned_only = request.GET.get("unaligned") == "1"
    if unaligned_only:
        goals = goals.filter(priorities__isnull=True)
    if wants_csv(request):
        return GOAL_CSV.respond(request, goals)
    return render(
        request,
        "subsystems/school_goals.html",
        {
            "goals": goals,
            "schools": School.objects.for_district(request.district),
            "school_id": school_id,
            "unaligned_only": unaligned_only,
            "can_add": request.membership.role in PLAN_WRITE,
            "editable_school_ids": set(
                schools_in_scope(request.membership).values_list("pk", flat=True)
            )
            if request.membership.role in PLAN_WRITE
            else set(),
        },
    )


@district_view(*PLAN_WRITE)
def school_goal_edit(request, goal_id=None):
    district = request.district
    schools = schools_in_scope(request.membership)
    goal = get_for_district_or_404(SchoolGoal, district, goal_id) if goal_id else None
    if goal is not None and goal.school_id not in set(schools.values_list("pk", flat=True)):
        raise PermissionDenied("You can edit your own schools' goals.")
    form = SchoolGoalForm(request.POST or None, instance=goal, district=district, schools=schools)
    return form_page(
        request,
        form,
        lambda data: services.school_goal_save(district=district, goal=goal, **data),
        title=f"Edit {goal}" if goal else "Add a school goal",
        back="school_goals",
    )
