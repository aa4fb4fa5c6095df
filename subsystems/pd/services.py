"""Writes of pull-out PD: sessions and attendance; each regenerates attendees' ledger rows."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import District, Educator, Priority, School
from districts.services import (
    ensure_educators_in_district,
    ensure_pl_date,
    ensure_same_district,
    replace_links,
)
from pl_hours.ledger import (
    activity_delete,
    activity_restore,
    activity_save,
    check_split,
    clean_attendance,
)
from pl_hours.models import SourceKind
from subsystems.models import PDAttendance, PDSession


def _save(district: District, session: PDSession) -> None:
    """Save the session and regenerate its ledger rows from its attendance as stored."""
    activity_save(
        session,
        district=district,
        kind=SourceKind.PD_SESSION,
        title=session.title,
        attendance=_attendance(session),
    )


@transaction.atomic
def pd_session_save(
    *,
    district: District,
    session: PDSession | None = None,
    title: str,
    date: date,
    format: str,
    minutes: int,
    math_specific: bool = True,
    priority: Priority | None = None,
    school: School | None = None,
    models_practices: bool = False,
    description: str = "",
    split: dict[str, int],
) -> PDSession:
    """Save a PD session; attendees' ledger rows follow any change of time or split."""
    ensure_same_district(district, session, priority, school)
    ensure_pl_date(district, date)
    check_split(split, minutes)
    if session is not None and session.pk:
        longest = max(
            PDAttendance.objects.for_district(district)
            .filter(session=session)
            .values_list("attended_minutes", flat=True),
            default=0,
        )
        if longest > minutes:
            raise ValidationError(
                {"minutes": [f"Someone attended {longest} minutes; the session cannot be shorter."]}
            )
    session = session or PDSession(district=district)
    session.title, session.date, session.format = title, date, format
    session.minutes, session.math_specific, session.priority = minutes, math_specific, priority
    session.school, session.models_practices = school, models_practices
    session.description, session.split = description, split
    _save(district, session)
    return session


@transaction.atomic
def pd_attendance_set(
    *,
    district: District,
    session: PDSession,
    attendance: dict,
    within_school_ids: list | None = None,
) -> int:
    """Replace who attended (educator id → minutes; None for the whole session).

    With ``within_school_ids``, only attendance of educators in those schools
    is replaced (a principal records their own staff and leaves the rest).
    Returns the number of attendees.
    """
    ensure_same_district(district, session)
    cleaned = clean_attendance(session.minutes, attendance)
    ensure_educators_in_district(district, cleaned)
    within = None
    if within_school_ids is not None:
        within = {"educator__school__in": within_school_ids}
        outside = (
            Educator.objects.for_district(district)
            .filter(pk__in=cleaned)
            .exclude(school__in=within_school_ids)
        )
        if outside.exists():
            raise ValidationError("You can record attendance for your own schools' staff only.")
    replace_links(
        PDAttendance,
        district=district,
        parent={"session": session},
        links=({"educator_id": e, "attended_minutes": m} for e, m in cleaned.items()),
        within=within,
    )
    _save(district, session)
    return PDAttendance.objects.for_district(district).filter(session=session).count()


@transaction.atomic
def pd_session_delete(*, district: District, session: PDSession) -> None:
    ensure_same_district(district, session)
    activity_delete(session, district=district, kind=SourceKind.PD_SESSION)


def _attendance(session: PDSession) -> list[tuple[uuid.UUID, int]]:
    return list(
        PDAttendance.objects.for_district(session.district_id)
        .filter(session=session)
        .values_list("educator_id", "attended_minutes")
    )


@transaction.atomic
def pd_session_restore(*, district: District, session_id: uuid.UUID) -> PDSession:
    """Bring a deleted session back, with its attendance and everyone's hours."""
    return activity_restore(
        PDSession,
        district=district,
        pk=session_id,
        kind=lambda _: SourceKind.PD_SESSION,
        title=lambda session: session.title,
        attendance=_attendance,
    )
