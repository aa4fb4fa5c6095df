"""Instructional materials, their units and pacing, and intervention groups."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render

from districts.access import district_view, get_for_district_or_404
from districts.csv_export import CsvExport, wants_csv
from districts.models import Role, School
from districts.permissions import ADMIN, schools_in_scope
from districts.web import by_school, form_page, record_view
from subsystems.materials import services
from subsystems.materials.forms import InterventionGroupForm, MaterialForm, UnitForm
from subsystems.materials.permissions import GROUPS_WRITE, MATERIALS_VIEW
from subsystems.models import InterventionGroup, Material, Unit

PACING_CSV = CsvExport(
    "pacing",
    [
        ("material", "material.name"),
        ("publisher", "material.publisher"),
        ("grade", "grade"),
        ("unit", "number"),
        ("title", "title"),
        ("planned_start", "planned_start"),
        ("planned_end", "planned_end"),
    ],
)
GROUP_CSV = CsvExport(
    "intervention-groups",
    [
        ("school", "school"),
        ("grade", "grade"),
        ("group", "name"),
        ("led_by", "led_by"),
        ("students", "student_count"),
        ("minutes_per_week", "minutes_per_week"),
        ("uses_core_representations", "uses_core_representations"),
        ("collaboration_minutes_per_month", "collaboration_minutes_per_month"),
    ],
)


@district_view(*MATERIALS_VIEW)
def material_list(request):
    materials = Material.objects.for_district(request.district).prefetch_related(
        Prefetch(
            "units",
            queryset=Unit.objects.for_district(request.district).order_by("grade", "number"),
        )
    )
    if wants_csv(request):
        units = [u for m in materials for u in m.units.all()]
        return PACING_CSV.respond(request, units)
    return render(
        request,
        "subsystems/materials.html",
        {"materials": materials, "can_edit": request.membership.is_admin},
    )


material_edit = record_view(
    ADMIN, Material, MaterialForm, services.material_save, "adopted materials", "materials"
)


unit_edit = record_view(ADMIN, Unit, UnitForm, services.unit_save, "a unit", "materials")


@district_view(*MATERIALS_VIEW)
def intervention_list(request):
    groups = InterventionGroup.objects.for_district(request.district).select_related(
        "school", "lead_educator"
    )
    groups, school_id = by_school(request, groups)
    if wants_csv(request):
        return GROUP_CSV.respond(request, groups)
    writable = (
        set(schools_in_scope(request.membership).values_list("pk", flat=True))
        if (request.membership.role in GROUPS_WRITE)
        else set()
    )
    show_leads = request.membership.role != Role.VIEWER
    return render(
        request,
        "subsystems/intervention.html",
        {
            "groups": groups,
            "schools": School.objects.for_district(request.district),
            "school_id": school_id,
            "writable": writable,
            "can_add": bool(writable),
            "show_leads": show_leads,
        },
    )


@district_view(*GROUPS_WRITE)
def intervention_edit(request, group_id=None):
    district, schools = request.district, schools_in_scope(request.membership)
    group = get_for_district_or_404(InterventionGroup, district, group_id) if group_id else None
    if group is not None and not schools.filter(pk=group.school_id).exists():
        raise PermissionDenied("You can edit your own schools' groups.")
    form = InterventionGroupForm(
        request.POST or None, instance=group, district=district, schools=schools
    )
    return form_page(
        request,
        form,
        lambda data: services.intervention_group_save(district=district, group=group, **data),
        title=f"Edit {group}" if group else "Add an intervention group",
        back="intervention",
    )
