"""Reads of materials & intervention."""

from districts.models import District
from subsystems.models import InterventionGroup


def active_group_count(district: District) -> int:
    return InterventionGroup.objects.for_district(district).filter(active=True).count()
