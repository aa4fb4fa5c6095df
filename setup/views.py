from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts import selectors as district_selectors
from districts.access import district_view
from districts.models import District, OperatorAction
from districts.web import form_page
from setup import checklist, services
from setup.forms import (
    AdoptForm,
    DistrictCreateForm,
    DistrictRenameForm,
    DistrictSuspendForm,
    RolloverForm,
)
from setup.libraries import LIBRARIES, library_adopt
from setup.permissions import SETUP_ROLES, ensure_operator


@district_view()
def district_home(request):
    district, membership = request.district, request.membership
    progress = checklist.progress(district) if membership.is_admin else None
    context = {
        "summary": district_selectors.district_summary(district),
        "schools": district_selectors.schools_with_counts(district).filter(active=True),
        "my_school_ids": set(membership.school_ids()),
        "progress": progress if progress is not None and not progress.complete else None,
    }
    return render(request, "setup/district_home.html", context)


# --- Starter libraries ------------------------------------------------------------------------


@district_view(*SETUP_ROLES)
def libraries(request):
    district = request.district
    form = AdoptForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        key = request.POST.get("key", "")
        try:
            made = library_adopt(
                district=district,
                key=key,
                user=request.user,
                priority=form.cleaned_data.get("priority"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Adopted: {made} They are yours to edit now.")
        return redirect("libraries", district_slug=district.slug)
    rows = [(library, library.adopted(district)) for library in LIBRARIES.values()]
    return render(request, "setup/libraries.html", {"rows": rows, "form": form})


# --- The yearly rollover ----------------------------------------------------------------------


@district_view(*SETUP_ROLES)
def rollover(request):
    district = request.district
    previous = services.latest_year(district)
    if previous is None:
        messages.error(request, "Add a school year first: the next one follows its pattern.")
        return redirect("school_year_list", district_slug=district.slug)
    objectives = services.objectives_to_decide(district, previous)
    form = RolloverForm(request.POST or None, district=district, objectives=objectives)
    start, end = previous.start_date + services.A_YEAR, previous.end_date + services.A_YEAR

    def save(data):
        return services.school_year_start_next(
            district=district, objectives=form.decisions(), user=request.user
        )

    def done(result):
        return reverse("school_year_list", args=[district.slug])

    return form_page(
        request,
        form,
        save,
        title=f"Start the {services.next_year_name(start, end)} school year",
        back="school_year_list",
        template="setup/rollover.html",
        success="The new school year is ready. The year before stays as it was, read-only "
        "once it is over.",
        success_url=done,
        context={
            "previous": previous,
            "start": start,
            "end": end,
            "breaks": [(b.week_start + services.A_YEAR, b.label) for b in previous.breaks.all()],
        },
    )


# --- The operator area (superusers only; 404 for anyone else) ---------------------------------


def _operator_page(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        ensure_operator(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_operator_page
def operator_districts(request):
    """Every district of the installation, with counts only: no district's records."""
    districts = District.objects.order_by("name")
    log = OperatorAction.objects.select_related("district")[:50]
    return render(
        request,
        "setup/operator_districts.html",
        {"districts": district_selectors.districts_for_operator(districts), "log": log},
    )


@_operator_page
def operator_district_create(request):
    form = DistrictCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                made = services.district_create(**form.cleaned_data, operator=request.user)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return render(request, "setup/operator_created.html", {"made": made})
    return render(
        request,
        "setup/operator_form.html",
        {"form": form, "title": "Create a district"},
        status=400 if form.errors else 200,
    )


@_operator_page
def operator_district(request, slug):
    district = District.objects.filter(slug=slug).first()
    if district is None:
        return render(request, "404.html", status=404)
    rename = DistrictRenameForm(
        request.POST if request.POST.get("action") == "rename" else None, instance=district
    )
    suspend = DistrictSuspendForm(request.POST if request.POST.get("action") == "suspend" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rename" and rename.is_valid():
            services.district_rename(
                district=district, name=rename.cleaned_data["name"], operator=request.user
            )
            messages.success(request, f"Renamed to {district.name}.")
            return redirect("operator_districts")
        if action == "suspend" and suspend.is_valid():
            services.district_suspend(
                district=district, reason=suspend.cleaned_data["reason"], operator=request.user
            )
            messages.success(request, f"{district.name} is suspended; its data stays.")
            return redirect("operator_districts")
    return render(
        request,
        "setup/operator_district.html",
        {"target": district, "rename": rename, "suspend": suspend},
        status=400 if rename.errors or suspend.errors else 200,
    )


@require_POST
@_operator_page
def operator_district_reopen(request, slug):
    district = District.objects.filter(slug=slug).first()
    if district is None:
        return render(request, "404.html", status=404)
    services.district_unsuspend(district=district, operator=request.user)
    messages.success(request, f"{district.name} is open to its members again.")
    return redirect("operator_districts")
