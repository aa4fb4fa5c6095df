"""Pages for school leadership support: walkthroughs, calibration, look-for trends, look-fors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.models import AuditKind
from audit.web import record_access
from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.csv_export import CsvExport, wants_csv
from districts.models import Role, School
from districts.permissions import ADMIN
from districts.selectors import member_of_educator
from districts.web import (
    add_service_errors,
    by_school,
    confirm_delete_page,
    deleted_rows,
    form_page,
    get_deleted_or_404,
    list_page,
    record_view,
    restore_page,
)
from notices.forms import ReflectionForm
from subsystems.leadership import selectors, services
from subsystems.leadership.forms import (
    LookForForm,
    LookForSetForm,
    WalkthroughForm,
    observer_choices,
)
from subsystems.leadership.permissions import (
    WALK_INSIGHT,
    WALK_VIEW,
    WALK_WRITE,
    can_acknowledge_feedback,
    can_calibrate,
    can_edit_walkthrough,
    can_see_reflection,
    walkthrough_schools,
)
from subsystems.models import LookFor, LookForSet, Walkthrough, WalkthroughRating


def _visible(request):
    return Walkthrough.objects.visible_to(request.membership)


WALKTHROUGH_CSV = CsvExport(
    "walkthroughs",
    [
        ("date", "date"),
        ("school", "school"),
        ("teacher", lambda w: w.teacher or "learning walk"),
        ("observer", "observer"),
        ("co_observer", "co_observer"),
        ("minutes", "duration_minutes"),
        ("math", "math_specific"),
        ("feedback_shared", "feedback_shared"),
        ("feedback_date", "feedback_date"),
        ("form", "look_for_set.name"),
        ("ratings", lambda w: ratings_cell(w)),
        ("feedback_delivered", lambda w: w.feedback_delivered_at is not None),
        ("feedback_acknowledged", lambda w: w.feedback_acknowledged_at is not None),
    ],
    names=True,
)
REFLECTION_SEEN_BY = "Your observer, your school's leaders and district admins"


def ratings_cell(walkthrough: Walkthrough) -> str:
    """Each look-for's rating, in the form's order: "Goals are posted: evident; …"."""
    return "; ".join(f"{r.look_for.title}: {r.rating}" for r in walkthrough.ratings.all())


@district_view(*WALK_VIEW)
def walkthrough_list(request):
    walkthroughs = _visible(request).select_related("school", "teacher", "observer", "co_observer")
    filters = {
        k: request.GET.get(k, "")
        for k in ("school", "date_from", "date_to", "feedback", "acknowledged")
    }
    walkthroughs, _ = by_school(request, walkthroughs)
    if filters["date_from"]:
        walkthroughs = walkthroughs.filter(date__gte=filters["date_from"])
    if filters["date_to"]:
        walkthroughs = walkthroughs.filter(date__lte=filters["date_to"])
    if filters["feedback"] in ("yes", "no"):  # feedback that reached the teacher
        walkthroughs = walkthroughs.filter(
            feedback_delivered_at__isnull=filters["feedback"] == "no"
        )
    if filters["acknowledged"] in ("yes", "no"):
        walkthroughs = walkthroughs.filter(
            feedback_delivered_at__isnull=False,
            feedback_acknowledged_at__isnull=filters["acknowledged"] == "no",
        )
    if wants_csv(request):
        walkthroughs = walkthroughs.select_related("look_for_set").prefetch_related(
            Prefetch(
                "ratings",
                queryset=WalkthroughRating.objects.for_district(request.district)
                .select_related("look_for")
                .order_by("look_for__order", "look_for__title"),
            )
        )
    mine = request.membership.role == Role.TEACHER
    return list_page(
        request,
        walkthroughs,
        template="subsystems/walkthrough_list.html",
        export=WALKTHROUGH_CSV,
        context={
            "schools": School.objects.for_district(request.district),
            "filters": filters,
            "title": "Walkthroughs of my classroom" if mine else "Walkthroughs",
            "can_add": request.membership.role in WALK_WRITE,
            "deleted": deleted_rows(
                [
                    entry
                    for entry in selectors.deleted_walkthroughs(request.district)
                    if can_edit_walkthrough(request.membership, entry)
                ],
                url_name="walkthrough_restore",
                slug=request.district.slug,
                label=lambda entry: f"Walkthrough of {entry.date:%b %-d, %Y}",
            ),
        },
    )


def _chosen_set(request):
    sets = LookForSet.objects.for_district(request.district).filter(active=True)
    wanted = request.GET.get("form") or request.POST.get("form")
    chosen = sets.filter(pk=wanted).first() if wanted and is_uuid(wanted) else None
    return sets, chosen or sets.first()


@district_view(*WALK_WRITE)
def walkthrough_create(request):
    return _walkthrough_form(request, None)


@district_view(*WALK_WRITE)
def walkthrough_edit(request, walkthrough_id):
    walkthrough = get_for_district_or_404(_visible(request), request.district, walkthrough_id)
    if not can_edit_walkthrough(request.membership, walkthrough):
        raise PermissionDenied("Only the observer and district admins edit a walkthrough.")
    return _walkthrough_form(request, walkthrough)


@district_view(*WALK_WRITE)
def walkthrough_calibrate(request, walkthrough_id):
    original = get_for_district_or_404(_visible(request), request.district, walkthrough_id)
    if not can_calibrate(request.membership, original):
        raise PermissionDenied("Only the coach who co-observed records a calibration.")
    return _walkthrough_form(request, None, same_visit_as=original)


def _walkthrough_form(request, walkthrough, same_visit_as=None):
    district, membership = request.district, request.membership
    sets, look_for_set = _chosen_set(request)
    if walkthrough is not None:
        look_for_set = walkthrough.look_for_set
    if same_visit_as is not None:
        look_for_set = same_visit_as.look_for_set
    if look_for_set is None:
        return render(request, "subsystems/no_look_fors.html")
    schools = walkthrough_schools(membership)
    if same_visit_as is not None:
        schools = School.objects.for_district(district).filter(pk=same_visit_as.school_id)
    observers = observer_choices(district) if membership.is_admin else None
    if walkthrough is not None:
        initial = WalkthroughForm.initial_from(walkthrough)
    elif same_visit_as is not None:
        initial = WalkthroughForm.initial_from(same_visit_as, ratings=False)
        initial.update(
            co_observer=same_visit_as.observer_id,
            notes="",
            feedback_shared=False,
            feedback_date=None,
            feedback_note="",
        )
    else:
        initial = None
    form = WalkthroughForm(
        request.POST or None,
        initial=initial,
        district=district,
        schools=schools,
        look_for_set=look_for_set,
        observers=observers,
    )
    if same_visit_as is not None:
        form.fields["co_observer"].disabled = True

    def save(data):
        observer = data.get("observer") or membership.educator
        if observer is None:
            raise PermissionDenied("Link your login to your roster record to record walkthroughs.")
        kwargs = form.service_kwargs()
        if same_visit_as is not None:
            kwargs["co_observer"] = same_visit_as.observer
        return services.walkthrough_record(
            district=district,
            walkthrough=walkthrough,
            observer=observer,
            same_visit_as=same_visit_as,
            recorded_by=request.user,
            **kwargs,
        )

    return form_page(
        request,
        form,
        save,
        template="subsystems/walkthrough_form.html",
        back="walkthrough_list",
        success="Walkthrough saved.",
        success_url=lambda saved: reverse("walkthrough_detail", args=[district.slug, saved.pk]),
        context={
            "sets": sets,
            "look_for_set": look_for_set,
            "walkthrough": walkthrough,
            "same_visit_as": same_visit_as,
        },
    )


def _visible_walkthrough(request, walkthrough_id) -> Walkthrough:
    return get_for_district_or_404(
        _visible(request).select_related(
            "school", "teacher", "observer", "co_observer", "look_for_set", "same_visit_as"
        ),
        request.district,
        walkthrough_id,
    )


@district_view(*WALK_VIEW)
def walkthrough_detail(request, walkthrough_id):
    walkthrough = _visible_walkthrough(request, walkthrough_id)
    record_access(
        request,
        AuditKind.VIEW_WALKTHROUGH,
        [walkthrough.teacher_id],
        f"Walkthrough of {walkthrough.date:%b %-d, %Y} at {walkthrough.school.name}",
        walkthrough,
    )
    return _detail_page(request, walkthrough)


@require_POST
@district_view(*WALK_VIEW)
def walkthrough_acknowledge(request, walkthrough_id):
    """The teacher acknowledges the feedback they received, with a short reflection."""
    walkthrough = _visible_walkthrough(request, walkthrough_id)
    if not can_acknowledge_feedback(request.membership, walkthrough):
        raise PermissionDenied("Only the teacher who received the feedback acknowledges it.")
    form = ReflectionForm(request.POST, seen_by=REFLECTION_SEEN_BY)
    if form.is_valid():
        try:
            services.walkthrough_feedback_acknowledge(
                district=request.district,
                walkthrough=walkthrough,
                membership=request.membership,
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return _detail_page(request, walkthrough, form, status=400)
    messages.success(request, "Acknowledged: your observer can see that the feedback reached you.")
    return redirect(
        "walkthrough_detail", district_slug=request.district.slug, walkthrough_id=walkthrough.pk
    )


def _detail_page(request, walkthrough, reflection_form=None, status=200):
    membership = request.membership
    can_acknowledge = can_acknowledge_feedback(membership, walkthrough)
    if can_acknowledge and reflection_form is None:
        reflection_form = ReflectionForm(
            initial={"reflection": walkthrough.teacher_reflection}, seen_by=REFLECTION_SEEN_BY
        )
    ratings = walkthrough.ratings.select_related("look_for", "look_for__priority").order_by(
        "look_for__order", "look_for__title"
    )
    pair = None
    partner = walkthrough.same_visit_as or walkthrough.calibrations.first()
    if partner is not None and _visible(request).filter(pk=partner.pk).exists():
        first, second = (
            (partner, walkthrough) if walkthrough.same_visit_as else (walkthrough, partner)
        )
        pair = selectors.calibration(
            request.district,
            Walkthrough.objects.for_district(request.district).filter(pk=second.pk),
        ).pairs[0]
    return render(
        request,
        "subsystems/walkthrough_detail.html",
        {
            "walkthrough": walkthrough,
            "ratings": ratings,
            "pair": pair,
            "can_edit": can_edit_walkthrough(request.membership, walkthrough),
            "can_calibrate": can_calibrate(request.membership, walkthrough)
            and not walkthrough.calibrations.exists(),
            "changes": selectors.walkthrough_history(
                walkthrough, with_reflection=can_see_reflection(membership, walkthrough)
            ),
            "can_acknowledge": can_acknowledge,
            "reflection_form": reflection_form,
            "can_see_reflection": can_see_reflection(membership, walkthrough),
            "teacher_has_login": walkthrough.teacher_id is not None
            and member_of_educator(request.district, walkthrough.teacher_id) is not None,
        },
        status=status,
    )


@district_view(*WALK_WRITE)
def walkthrough_delete(request, walkthrough_id):
    walkthrough = get_for_district_or_404(_visible(request), request.district, walkthrough_id)
    if not can_edit_walkthrough(request.membership, walkthrough):
        raise PermissionDenied("Only the observer and district admins delete a walkthrough.")
    return confirm_delete_page(
        request,
        walkthrough,
        lambda: services.walkthrough_delete(district=request.district, walkthrough=walkthrough),
        back="walkthrough_list",
        consequence="Its ratings and notes go with it, and a co-observer's record of the "
        "same visit too.",
    )


@require_POST
@district_view(*WALK_WRITE)
def walkthrough_restore(request, walkthrough_id):
    deleted = get_deleted_or_404(Walkthrough, request.district, walkthrough_id)
    if not can_edit_walkthrough(request.membership, deleted):
        raise PermissionDenied("Only the observer and district admins restore a walkthrough.")
    return restore_page(
        request,
        lambda: services.walkthrough_restore(
            district=request.district, walkthrough_id=walkthrough_id
        ),
        back="walkthrough_list",
        noun="walkthrough",
    )


def _insight_scope(request):
    return by_school(request, _visible(request))


@district_view(*WALK_INSIGHT)
def calibration_view(request):
    walkthroughs, school_id = _insight_scope(request)
    return render(
        request,
        "subsystems/calibration.html",
        {
            "calibration": selectors.calibration(request.district, walkthroughs),
            "school_id": school_id,
            "schools": School.objects.for_district(request.district),
        },
    )


@district_view(*WALK_INSIGHT)
def trend_view(request):
    walkthroughs, school_id = _insight_scope(request)
    sets, look_for_set = _chosen_set(request)
    look_fors = (
        LookFor.objects.for_district(request.district).filter(look_for_set=look_for_set)
        if look_for_set
        else LookFor.objects.none()
    )
    months, rows = selectors.look_for_trend(request.district, walkthroughs, look_fors)
    return render(
        request,
        "subsystems/trends.html",
        {
            "months": months,
            "rows": rows,
            "school_id": school_id,
            "sets": sets,
            "look_for_set": look_for_set,
            "schools": School.objects.for_district(request.district),
        },
    )


# --- Settings: the look-for library ---------------------------------------------------------


@district_view(*ADMIN)
def look_for_list(request):
    sets = LookForSet.objects.for_district(request.district).prefetch_related(
        "look_fors", "look_fors__priority"
    )
    return render(request, "subsystems/look_for_list.html", {"sets": sets})


look_for_set_edit = record_view(
    ADMIN,
    LookForSet,
    LookForSetForm,
    services.look_for_set_save,
    "a walkthrough form",
    "look_for_list",
)


look_for_edit = record_view(
    ADMIN, LookFor, LookForForm, services.look_for_save, "a look-for", "look_for_list"
)
