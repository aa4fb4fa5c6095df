"""Reads of pull-out PD."""

from datetime import date

from districts.corrections import Change, change_log, recently_deleted
from districts.models import District
from subsystems.models import PDAttendance, PDSession


def session_count(district: District, start: date, end: date) -> int:
    return PDSession.objects.for_district(district).filter(date__range=(start, end)).count()


def deleted_sessions(district: District) -> list:
    """Sessions deleted in the days they can be restored, newest first."""
    return recently_deleted(PDSession, district)


def session_history(session: PDSession) -> list[Change]:
    return change_log(session, [(PDAttendance, "session", "educator")])
