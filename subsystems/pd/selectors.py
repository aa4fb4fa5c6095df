"""Reads of pull-out PD."""

from datetime import date

from districts.models import District
from subsystems.models import PDSession


def session_count(district: District, start: date, end: date) -> int:
    return PDSession.objects.for_district(district).filter(date__range=(start, end)).count()
