"""Erasing a former educator's personal data, while their minutes stay in every figure.

What goes: their name and e-mail (on the roster and in its history), the notes written
about them — walkthroughs of their classroom (notes, feedback, each look-for's evidence,
their reflection on it), coaching sessions they were in (notes and next steps), their
reflections on notes shared with them, the goals and outcomes of their coaching cycles, their
own coach-week notes and the descriptions of PL they recorded elsewhere — in the records *and*
in those records' history rows; and every notice that names them or carries notes about them
(an acknowledgement, a reminder, a session's shared notes), whoever received it. Their
access to the district ends; a login that belongs to no other district is emptied and
disabled.

What stays: the roster row itself (now "Former educator", same school, position and dates)
and every ledger row and rollup, so the district's, the school's and every group's figures
are exactly what they were. The audit trail stays too: it references people, it never
names them.
"""

from dataclasses import dataclass, field
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from audit.models import AuditKind
from audit.services import record
from coaching.models import (
    CoachingCycle,
    CoachingSession,
    CoachWeek,
    CycleTeacher,
    SessionReceipt,
    SessionTeacher,
)
from districts.models import District, Educator, Membership
from districts.services import membership_remove
from districts.signals import SYSTEM, Actor
from notices.models import Notice, NoticeSubject
from pl_hours.models import LedgerEntry, ManualEntry, SourceKind
from subsystems.models import Walkthrough, WalkthroughRating

FORMER_FIRST, FORMER_LAST = "Former", "educator"
ERASED_GOAL = "(erased: it concerned a former educator)"
ERASED_DESCRIPTION = "PL recorded elsewhere"


@dataclass
class Erasure:
    educator: Educator
    changed: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, n: int) -> None:
        if n:
            self.changed[label] = self.changed.get(label, 0) + n


def _blank(model: Any, district: District, ids: list, erasure: Erasure, **values: Any) -> None:
    """Set ``values`` on the rows ``ids`` of ``model`` and on every history row of them."""
    if not ids:
        return
    label = str(model._meta.verbose_name_plural)
    rows = model.objects.for_district(district).filter(pk__in=ids)
    erasure.count(label, rows.update(**values))
    history = model.history.filter(district_id=district.pk, id__in=ids)
    erasure.count(f"history rows of {label}", history.update(**values))


def _ids(model: Any, district: District, **match: Any) -> list:
    """Ids of the district's rows of ``model`` matching, whether they exist now or only in
    their history (deleted since)."""
    live = model.objects.for_district(district).filter(**match).values_list("pk", flat=True)
    past = model.history.filter(district_id=district.pk, **match).values_list("id", flat=True)
    return sorted(set(live) | set(past))


@transaction.atomic
def educator_erase(*, district: District, educator: Educator, actor: Actor = SYSTEM) -> Erasure:
    """Erase a departed educator's personal data; refused while they are active."""
    if educator.district_id != district.pk:
        raise ValidationError("That educator is not in this district.")
    if educator.active:
        raise ValidationError(
            "Mark them as no longer active (they left) first; then their personal data can "
            "be erased."
        )
    erasure = Erasure(educator=educator)
    anonymous = {
        "first_name": FORMER_FIRST,
        "last_name": FORMER_LAST,
        "email": f"former-{educator.pk.hex[:12]}@erased.invalid",
    }
    _blank(Educator, district, [educator.pk], erasure, **anonymous)

    # The records about them, live or deleted since (their history still holds the notes).
    walkthroughs = _ids(Walkthrough, district, teacher_id=educator.pk)
    _blank(
        Walkthrough,
        district,
        walkthroughs,
        erasure,
        notes="",
        feedback_note="",
        teacher_reflection="",
    )
    ratings = _ids(WalkthroughRating, district, walkthrough_id__in=walkthroughs)
    _blank(WalkthroughRating, district, ratings, erasure, evidence="")
    sessions = sorted(
        {
            row.session_id
            for row in SessionTeacher.history.filter(
                district_id=district.pk, educator_id=educator.pk
            )
        }
        | set(
            SessionTeacher.objects.for_district(district)
            .filter(educator=educator)
            .values_list("session_id", flat=True)
        )
    )
    _blank(CoachingSession, district, sessions, erasure, notes="", next_steps="")
    receipts = _ids(SessionReceipt, district, educator_id=educator.pk)
    _blank(SessionReceipt, district, receipts, erasure, reflection="")
    about_them = NoticeSubject.objects.for_district(district).filter(educator=educator)
    notices = Notice.objects.for_district(district).filter(pk__in=about_them.values("notice_id"))
    erasure.count("notices", notices.delete()[1].get(Notice._meta.label, 0))
    cycles = sorted(
        {
            row.cycle_id
            for row in CycleTeacher.history.filter(district_id=district.pk, educator_id=educator.pk)
        }
        | set(
            CycleTeacher.objects.for_district(district)
            .filter(educator=educator)
            .values_list("cycle_id", flat=True)
        )
    )
    _blank(CoachingCycle, district, cycles, erasure, goal=ERASED_GOAL, outcome="")
    _blank(CoachWeek, district, _ids(CoachWeek, district, coach_id=educator.pk), erasure, note="")
    entries = _ids(ManualEntry, district, educator_id=educator.pk)
    _blank(ManualEntry, district, entries, erasure, description=ERASED_DESCRIPTION)
    erasure.count(
        "ledger rows retitled",
        LedgerEntry.objects.for_district(district)
        .filter(source_kind=SourceKind.MANUAL, source_id__in=entries)
        .update(source_title=ERASED_DESCRIPTION),
    )

    for membership in (
        Membership.objects.for_district(district).filter(educator=educator).select_related("user")
    ):
        user = membership.user
        membership_remove(district=district, membership=membership, actor=actor)
        erasure.count("access removed", 1)
        if not Membership.objects.filter(user=user).exists():  # across districts: theirs
            user.username = f"erased-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
            SocialAccount.objects.filter(user=user).delete()
            Token.objects.filter(user=user).delete()
            erasure.count("logins emptied", 1)

    record(
        district=district,
        kind=AuditKind.ERASURE,
        actor=actor,
        subject=educator,
        target="Personal data erased: "
        + ", ".join(f"{label} {n}" for label, n in sorted(erasure.changed.items())),
        object_id=educator.pk,
    )
    educator.refresh_from_db()  # as it is shown from now on
    return erasure
