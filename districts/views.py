from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from districts import selectors, services
from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport, yes_no
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
from districts.navigation import landing_url
from districts.permissions import ADMIN
from districts.roster_import import (
    EDUCATOR_COLUMNS,
    SCHOOL_COLUMNS,
    RosterImportError,
    roster_import,
)
from districts.signals import Actor
from districts.web import form_page, list_page, record_view


@login_required
def home(request):
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect(landing_url(memberships[0]))
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


# --- Schools ------------------------------------------------------------------------------

SCHOOL_CSV = CsvExport(
    "schools",
    [
        ("code", "code"),
        ("name", "name"),
        ("grade_band", "grade_band"),
        ("active", lambda s: yes_no(s.active)),
        ("educators", "educator_count"),
    ],
)


@district_view(*ADMIN)
def school_list(request):
    queryset = selectors.schools_with_counts(request.district)
    filterset = SchoolFilter(request.GET, queryset=queryset, district=request.district)
    return list_page(
        request,
        filterset.qs,
        template="districts/school_list.html",
        export=SCHOOL_CSV,
        context={"filter": filterset},
    )


school_edit = record_view(
    ADMIN, School, SchoolForm, services.school_save, "a school", "school_list"
)


# --- Educators (the roster) ---------------------------------------------------------------

EDUCATOR_CSV = CsvExport(
    "educators",
    [
        ("email", "email"),
        ("first_name", "first_name"),
        ("last_name", "last_name"),
        ("school_code", "school.code"),
        ("position", "position"),
        ("teaches_math", lambda e: yes_no(e.teaches_math)),
        ("active", lambda e: yes_no(e.active)),
    ],
    names=True,
)


@district_view(*ADMIN)
def educator_list(request):
    queryset = selectors.educators_for_page(request.membership)
    filterset = EducatorFilter(request.GET, queryset=queryset, district=request.district)
    return list_page(
        request,
        filterset.qs,
        template="districts/educator_list.html",
        export=EDUCATOR_CSV,
        context={"filter": filterset},
    )


educator_edit = record_view(
    ADMIN, Educator, EducatorForm, services.educator_save, "an educator", "educator_list"
)


# --- Memberships (people who log in) ------------------------------------------------------


PEOPLE_CSV = CsvExport(
    "people",
    [
        ("email", "user.email"),
        ("name", lambda m: m.user.get_full_name()),
        ("role", "role"),
        ("schools", lambda m: "; ".join(s.code for s in m.schools.all())),
        ("roster_email", "educator.email"),
    ],
    names=True,
)


@district_view(*ADMIN)
def membership_list(request):
    queryset = selectors.memberships_for_page(request.district)
    filterset = MembershipFilter(request.GET, queryset=queryset)
    return list_page(
        request,
        filterset.qs,
        template="districts/membership_list.html",
        export=PEOPLE_CSV,
        context={"filter": filterset},
    )


@district_view(*ADMIN)
def membership_invite(request):
    district = request.district
    form = MembershipInviteForm(request.POST or None, district=district)

    def save(data):
        membership, created = services.membership_invite(
            district=district, actor=Actor.of(request), **data
        )
        if created:
            transaction.on_commit(lambda: send_invitation(user=membership.user, district=district))

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
        lambda data: services.membership_update(
            district=district, membership=membership, actor=Actor.of(request), **data
        ),
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
        services.membership_remove(
            district=district, membership=membership, actor=Actor.of(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} no longer has access to {district.name}.")
    return redirect("membership_list", district_slug=district.slug)


# --- Priorities ---------------------------------------------------------------------------


PRIORITY_CSV = CsvExport(
    "priorities",
    [
        ("order", "order"),
        ("title", "title"),
        ("description", "description"),
        ("active", lambda p: yes_no(p.active)),
    ],
)


@district_view()
def priority_list(request):
    return list_page(
        request,
        Priority.objects.for_district(request.district),
        template="districts/priority_list.html",
        export=PRIORITY_CSV,
        per_page=None,
    )


priority_edit = record_view(
    ADMIN, Priority, PriorityForm, services.priority_save, "a priority", "priority_list"
)


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
