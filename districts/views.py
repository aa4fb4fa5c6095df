from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts import selectors, services
from districts.access import district_view, get_for_district_or_404
from districts.csv_export import csv_response, wants_csv
from districts.filters import EducatorFilter, MembershipFilter, SchoolFilter
from districts.forms import (
    EducatorForm,
    MembershipForm,
    MembershipInviteForm,
    PriorityForm,
    RosterUploadForm,
    SchoolForm,
)
from districts.invitations import send_invitation
from districts.models import Educator, Membership, Priority, School
from districts.permissions import ADMIN
from districts.roster_import import (
    EDUCATOR_COLUMNS,
    SCHOOL_COLUMNS,
    RosterImportError,
    roster_import,
)
from districts.web import form_page

PAGE_SIZE = 50


@login_required
def home(request):
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("dashboard", district_slug=memberships[0].district.slug)
    return render(request, "districts/picker.html", {"memberships": memberships})


@district_view()
def district_home(request):
    membership = request.membership
    context = {
        "summary": selectors.district_summary(request.district),
        "schools": selectors.schools_with_counts(request.district).filter(active=True),
        "my_school_ids": set(membership.school_ids()),
    }
    return render(request, "districts/district_home.html", context)


def _paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Schools ------------------------------------------------------------------------------


@district_view(*ADMIN)
def school_list(request):
    queryset = selectors.schools_with_counts(request.district)
    filterset = SchoolFilter(request.GET, queryset=queryset, district=request.district)
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-schools.csv",
            ["code", "name", "grade_band", "active", "educators"],
            (
                [s.code, s.name, s.grade_band, "yes" if s.active else "no", s.educator_count]
                for s in filterset.qs
            ),
        )
    page = _paginate(request, filterset.qs)
    return render(request, "districts/school_list.html", {"filter": filterset, "page": page})


def _school_form(request, school):
    district = request.district
    form = SchoolForm(request.POST or None, instance=school, district=district)
    return form_page(
        request,
        form,
        lambda data: services.school_save(district=district, school=school, **data),
        title=f"Edit {school}" if school else "Add a school",
        back="school_list",
    )


@district_view(*ADMIN)
def school_create(request):
    return _school_form(request, None)


@district_view(*ADMIN)
def school_edit(request, school_id):
    return _school_form(request, get_for_district_or_404(School, request.district, school_id))


# --- Educators (the roster) ---------------------------------------------------------------


@district_view(*ADMIN)
def educator_list(request):
    queryset = selectors.educators_for_page(request.membership)
    filterset = EducatorFilter(request.GET, queryset=queryset, district=request.district)
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-educators.csv",
            list(EDUCATOR_COLUMNS),
            (
                [
                    e.email,
                    e.first_name,
                    e.last_name,
                    e.school.code if e.school else "",
                    e.position,
                    "yes" if e.teaches_math else "no",
                    "yes" if e.active else "no",
                ]
                for e in filterset.qs
            ),
        )
    page = _paginate(request, filterset.qs)
    return render(request, "districts/educator_list.html", {"filter": filterset, "page": page})


def _educator_form(request, educator):
    district = request.district
    form = EducatorForm(request.POST or None, instance=educator, district=district)
    return form_page(
        request,
        form,
        lambda data: services.educator_save(district=district, educator=educator, **data),
        title=f"Edit {educator}" if educator else "Add an educator",
        back="educator_list",
    )


@district_view(*ADMIN)
def educator_create(request):
    return _educator_form(request, None)


@district_view(*ADMIN)
def educator_edit(request, educator_id):
    return _educator_form(request, get_for_district_or_404(Educator, request.district, educator_id))


# --- Memberships (people who log in) ------------------------------------------------------


@district_view(*ADMIN)
def membership_list(request):
    queryset = selectors.memberships_for_page(request.district)
    filterset = MembershipFilter(request.GET, queryset=queryset)
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-people.csv",
            ["email", "name", "role", "schools", "roster_email"],
            (
                [
                    m.user.email,
                    m.user.get_full_name(),
                    m.role,
                    "; ".join(s.code for s in m.schools.all()),
                    m.educator.email if m.educator else "",
                ]
                for m in filterset.qs
            ),
        )
    page = _paginate(request, filterset.qs)
    return render(request, "districts/membership_list.html", {"filter": filterset, "page": page})


@district_view(*ADMIN)
def membership_invite(request):
    district = request.district
    form = MembershipInviteForm(request.POST or None, district=district)

    def save(data):
        membership, created = services.membership_invite(district=district, **data)
        if created:
            transaction.on_commit(
                lambda: send_invitation(
                    user=membership.user,
                    district=district,
                    domain=request.get_host(),
                    use_https=request.is_secure(),
                )
            )

    return form_page(
        request,
        form,
        save,
        title="Add a person",
        back="membership_list",
        context={
            "intro": "New people get an e-mail with a link to set their password.",
        },
    )


@district_view(*ADMIN)
def membership_edit(request, membership_id):
    district = request.district
    membership = get_for_district_or_404(Membership, district, membership_id)
    initial = {
        "role": membership.role,
        "schools": list(membership.schools.all()),
        "educator": membership.educator,
    }
    form = MembershipForm(request.POST or None, initial=initial, district=district)
    return form_page(
        request,
        form,
        lambda data: services.membership_update(district=district, membership=membership, **data),
        title=f"{membership.user} — role and schools",
        back="membership_list",
        context={
            "delete_url": reverse("membership_remove", args=[district.slug, membership.pk]),
        },
    )


@require_POST
@district_view(*ADMIN)
def membership_remove(request, membership_id):
    district = request.district
    membership = get_for_district_or_404(Membership, district, membership_id)
    try:
        services.membership_remove(district=district, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} no longer has access to {district.name}.")
    return redirect("membership_list", district_slug=district.slug)


# --- Priorities ---------------------------------------------------------------------------


@district_view()
def priority_list(request):
    priorities = Priority.objects.for_district(request.district)
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-priorities.csv",
            ["order", "title", "description", "active"],
            ([p.order, p.title, p.description, "yes" if p.active else "no"] for p in priorities),
        )
    return render(request, "districts/priority_list.html", {"priorities": priorities})


def _priority_form(request, priority):
    district = request.district
    form = PriorityForm(request.POST or None, instance=priority, district=district)
    return form_page(
        request,
        form,
        lambda data: services.priority_save(district=district, priority=priority, **data),
        title=f"Edit {priority}" if priority else "Add a priority",
        back="priority_list",
    )


@district_view(*ADMIN)
def priority_create(request):
    return _priority_form(request, None)


@district_view(*ADMIN)
def priority_edit(request, priority_id):
    return _priority_form(request, get_for_district_or_404(Priority, request.district, priority_id))


# --- Roster import ------------------------------------------------------------------------


@district_view(*ADMIN)
def roster_import_view(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = roster_import(district=request.district, raw=form.cleaned_data["file"].read())
        except RosterImportError as exc:
            errors = exc.errors
        else:
            messages.success(request, result.summary)
            return redirect("roster_import", district_slug=request.district.slug)
    context = {
        "form": form,
        "errors": errors,
        "school_columns": SCHOOL_COLUMNS,
        "educator_columns": EDUCATOR_COLUMNS,
    }
    status = 400 if errors or form.errors else 200
    return render(request, "districts/roster_import.html", context, status=status)
