"""Writes of instructional materials & intervention: materials, unit pacing, groups."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import District, Educator, School
from districts.services import record_save
from subsystems.models import InterventionGroup, Material, Unit


@transaction.atomic
def material_save(
    *, district: District, material: Material | None = None, **fields: Any
) -> Material:
    return record_save(Material, district, material, fields)


@transaction.atomic
def unit_save(
    *, district: District, unit: Unit | None = None, material: Material, **fields: Any
) -> Unit:
    start, end = fields.get("planned_start"), fields.get("planned_end")
    if start and end and end < start:
        raise ValidationError({"planned_end": ["The unit cannot end before it starts."]})
    if start:
        fields["planned_start"] = start - timedelta(days=start.weekday())
    if end:
        fields["planned_end"] = end - timedelta(days=end.weekday())
    return record_save(Unit, district, unit, {"material": material, **fields}, material)


@transaction.atomic
def intervention_group_save(
    *,
    district: District,
    group: InterventionGroup | None = None,
    school: School,
    lead_educator: Educator | None = None,
    **fields: Any,
) -> InterventionGroup:
    if lead_educator is not None and lead_educator.school_id != school.pk:
        raise ValidationError({"lead_educator": [f"{lead_educator} is not on {school}'s staff."]})
    for name in ("student_count", "minutes_per_week", "collaboration_minutes_per_month"):
        value = fields.get(name)
        if value is not None and not isinstance(value, int):
            raise ValidationError({name: ["Enter a number (students are counted, never named)."]})
    return record_save(
        InterventionGroup,
        district,
        group,
        {"school": school, "lead_educator": lead_educator, **fields},
        school,
        lead_educator,
    )
