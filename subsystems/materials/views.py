"""Instructional materials, their units and pacing, and intervention groups."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render

from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.csv_export import csv_response, wants_csv
from districts.models import Role, School
from districts.permissions import schools_in_scope
from districts.web import form_page
from subsystems.materials import services
from subsystems.materials.forms import InterventionGroupForm, MaterialForm, UnitForm
from subsystems.materials.permissions import GROUPS_WRITE, MATERIALS_VIEW
from subsystems.models import InterventionGroup, Material, Unit


@district_view(*MATERIALS_VIEW)
def material_list(request):
    materials = Material.objects.for_district(request.district).prefetch_related(
        Prefetch(
            "units",
            queryset=Unit.objects.for_district(request.district).order_by("grade", "number"),
        )
    )
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-pacing.csv",
            ["material", "publisher", "grade", "unit", "title", "planned_start", "planned_end"],
            (
                [m.name, m.publisher, u.grade, u.number, u.title, u.planned_start, u.planned_end]
                for m in materials
                for u in m.units.all()
            ),
        )
    return render(
        request,
        "subsystems/materials.html",
        {"materials": materials, "can_edit": request.membership.is_admin},
    )


@district_view(Role.DISTRICT_ADMIN)
def material_edit(request, material_id=None):
    district = request.district
    material = get_for_district_or_404(Material, district, material_id) if material_id else None
    form = MaterialForm(request.POST or None, instance=material, district=district)
    return form_page(
        request,
        form,
        lambda data: services.material_save(district=district, material=material, **data),
        title=f"Edit {material}" if material else "Add adopted materials",
        back="materials",
    )


@district_view(Role.DISTRICT_ADMIN)
def unit_edit(request, unit_id=None):
    district = request.district
    unit = get_for_district_or_404(Unit, district, unit_id) if unit_id else None
    form = UnitForm(request.POST or None, instance=unit, district=district)
    return form_page(
        request,
        form,
        lambda data: services.unit_save(district=district, unit=unit, **data),
        title=f"Edit {unit}" if unit else "Add a unit",
        back="materials",
    )


@district_view(*MATERIALS_VIEW)
def intervention_list(request):
    groups = InterventionGroup.objects.for_district(request.district).select_related(
        "school", "lead_educator"
    )
    school_id = request.GET.get("school", "")
    if school_id:
        groups = groups.filter(school__pk=school_id) if is_uuid(school_id) else groups.none()
    if wants_csv(request):
        return csv_response(
            f"{request.district.slug}-intervention-groups.csv",
            [
                "school",
                "grade",
                "group",
                "led_by",
                "students",
                "minutes_per_week",
                "uses_core_representations",
                "collaboration_minutes_per_month",
            ],
            (
                [
                    g.school,
                    g.grade,
                    g.name,
                    g.led_by,
                    g.student_count,
                    g.minutes_per_week,
                    g.uses_core_representations,
                    g.collaboration_minutes_per_month,
                ]
                for g in groups
            ),
        )
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
