from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from districts import selectors, services
from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport, yes_no
from districts.filters import EducatorFilter, MembershipFilter, SchoolFilter
from districts.forms import (
    DistrictSettingsForm,
    EducatorForm,
    MembershipForm,
    MembershipInviteForm,
    PriorityForm,
    RosterUploadForm,
    SchoolForm,
    SchoolYearForm,
)
from districts.models import Educator, Membership, Priority, School, SchoolYear
from districts.navigation import landing_url
from districts.permissions import ADMIN
from districts.roster_import import (
    EDUCATOR_COLUMNS,
    SCHOOL_COLUMNS,
    RosterImportError,
    roster_import,
)
from districts.signals import Actor
from districts.web import confirm_delete_page, form_page, list_page, record_view


@login_required
def home(request):
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect(landing_url(memberships[0]))
    return render(request, "districts/picker.html", {"memberships": memberships})


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
        ("name", "name"),
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

    return form_page(
        request,
        form,
        lambda data: services.membership_invite(district=district, actor=Actor.of(request), **data),
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
        title=f"{membership.name} — role and schools",
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
        messages.success(request, f"{membership.name} no longer has access to {district.name}.")
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


# --- District settings and school years ------------------------------------------------------


@district_view(*ADMIN)
def district_settings(request):
    district = request.district
    form = DistrictSettingsForm(request.POST or None, instance=district)
    return form_page(
        request,
        form,
        lambda data: services.district_settings_save(district=district, **data),
        title="District settings",
        back="district_settings",
        template="districts/settings.html",
        success="Settings saved.",
    )


@district_view(*ADMIN)
def school_year_list(request):
    district = request.district
    years = selectors.school_years_with_state(district)
    return render(
        request,
        "districts/school_year_list.html",
        {
            "years": years,
            "rollover_url": reverse("school_year_rollover", args=[district.slug])
            if years
            else None,
        },
    )


@district_view(*ADMIN)
def school_year_edit(request, year_id=None):
    district = request.district
    year = None if year_id is None else get_for_district_or_404(SchoolYear, district, year_id)
    form = SchoolYearForm(request.POST or None, instance=year, district=district)

    def save(data):
        return services.school_year_save(
            district=district,
            school_year=year,
            name=data["name"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            breaks=data.get("breaks"),
        )

    return form_page(
        request,
        form,
        save,
        title=f"School year {year.name}" if year else "Add a school year",
        back="school_year_list",
        template="districts/school_year_form.html",
        success="School year saved." if year else "School year added: now tick its break weeks.",
        success_url=None
        if year
        else lambda saved: reverse("school_year_edit", args=[district.slug, saved.pk]),
        context={"year": year},
    )


@district_view(*ADMIN)
def school_year_delete(request, year_id):
    district = request.district
    year = get_for_district_or_404(SchoolYear, district, year_id)
    return confirm_delete_page(
        request,
        year,
        lambda: services.school_year_delete(district=district, school_year=year),
        back="school_year_list",
        consequence="Its dates and break weeks go. Records dated in it stay, but count in no "
        "school year until a year covers their dates again.",
        restorable=False,
    )


# --- A person's own API token ---------------------------------------------------------------


@login_required
def api_token(request):
    """Create (or replace) and revoke one's own API token; a new key is shown once."""
    key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.api_token_revoke(user=request.user):
                messages.success(request, "Your API token is revoked: scripts using it stop.")
            return redirect("api_token")
        key = services.api_token_create(user=request.user).key
    token = Token.objects.filter(user=request.user).first()
    return render(request, "districts/api_token.html", {"token": token, "key": key})
