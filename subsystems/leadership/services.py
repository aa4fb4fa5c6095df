"""Writes of school leadership support: look-for forms, look-fors and walkthroughs."""

import uuid
from collections import defaultdict
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from districts.corrections import delete_with_history, restore_deleted
from districts.models import District, Educator, Membership, Position, Priority, School, User
from districts.selectors import member_of_educator
from districts.services import (
    ensure_open_record,
    ensure_pl_date,
    ensure_same_district,
    replace_links,
)
from notices.models import Kind, Topic
from notices.services import notice_send
from subsystems.leadership.permissions import can_acknowledge_feedback
from subsystems.models import (
    LEADER_OR_COACH,
    LookFor,
    LookForSet,
    Rating,
    Walkthrough,
    WalkthroughRating,
)


@transaction.atomic
def look_for_set_save(
    *,
    district: District,
    look_for_set: LookForSet | None = None,
    name: str,
    description: str = "",
    active: bool = True,
    order: int = 0,
) -> LookForSet:
    ensure_same_district(district, look_for_set)
    look_for_set = look_for_set or LookForSet(district=district)
    look_for_set.name, look_for_set.description = name, description
    look_for_set.active, look_for_set.order = active, order
    look_for_set.full_clean()
    look_for_set.save()
    return look_for_set


@transaction.atomic
def look_for_save(
    *,
    district: District,
    look_for: LookFor | None = None,
    look_for_set: LookForSet,
    title: str,
    description: str = "",
    priority: Priority | None = None,
    order: int = 0,
    active: bool = True,
) -> LookFor:
    ensure_same_district(district, look_for, look_for_set, priority)
    look_for = look_for or LookFor(district=district)
    look_for.look_for_set, look_for.title, look_for.description = look_for_set, title, description
    look_for.priority, look_for.order, look_for.active = priority, order, active
    look_for.full_clean()
    look_for.save()
    return look_for


@transaction.atomic
def walkthrough_record(
    *,
    district: District,
    walkthrough: Walkthrough | None = None,
    school: School,
    observer: Educator,
    look_for_set: LookForSet,
    date: date,
    ratings: dict,
    teacher: Educator | None = None,
    duration_minutes: int = 15,
    math_specific: bool = True,
    co_observer: Educator | None = None,
    same_visit_as: Walkthrough | None = None,
    notes: str = "",
    feedback_shared: bool = False,
    feedback_date: date | None = None,
    feedback_note: str = "",
    recorded_by: User | None = None,
) -> Walkthrough:
    """Save a walkthrough with one rating per look-for of its form.

    ``ratings`` maps a look-for id to a rating, or to (rating, evidence).
    """
    ensure_same_district(
        district, walkthrough, school, observer, look_for_set, teacher, co_observer, same_visit_as
    )
    ensure_pl_date(district, date)
    if walkthrough is not None:
        ensure_open_record(walkthrough, district=district)
    if feedback_date is not None:
        ensure_pl_date(district, feedback_date, field="feedback_date")
    errors: dict[str, list[str]] = defaultdict(list)
    if observer.position not in LEADER_OR_COACH:
        errors["observer"].append(f"{observer} is not a school leader or coach on the roster.")
    if teacher is not None and teacher.school_id != school.pk:
        errors["teacher"].append(f"{teacher} is not on {school}'s staff.")
    if co_observer is not None:
        if co_observer.position != Position.COACH:
            errors["co_observer"].append(f"{co_observer} is not a coach on the roster.")
        if co_observer.pk == observer.pk:
            errors["co_observer"].append("The co-observer cannot be the observer.")
    if not duration_minutes or duration_minutes < 1:
        errors["duration_minutes"].append("A visit lasts at least 1 minute.")
    if feedback_shared and feedback_date is None:
        errors["feedback_date"].append("Give the date the feedback was shared.")
    if feedback_date is not None and feedback_date < date:
        errors["feedback_date"].append("Feedback cannot be shared before the visit.")
    if walkthrough is not None and walkthrough.feedback_delivered_at and not feedback_shared:
        errors["feedback_shared"].append(
            f"The feedback reached {walkthrough.teacher} on "
            f"{timezone.localdate(walkthrough.feedback_delivered_at):%b %-d}; it cannot be "
            "taken back."
        )
    look_fors = {lf.pk: lf for lf in look_for_set.look_fors.filter(active=True)}
    unknown = set(ratings) - set(look_fors)
    if unknown:
        errors["ratings"].append("Some ratings are for look-fors that are not on this form.")
    cleaned = {}
    for pk in look_fors:
        value = ratings.get(pk, Rating.NOT_OBSERVED)
        rating, evidence = (value, "") if isinstance(value, str) else value
        if rating not in Rating.values:
            errors["ratings"].append(f"“{rating}” is not a rating.")
        cleaned[pk] = (rating, evidence or "")
    if errors:
        raise ValidationError(dict(errors))

    walkthrough = walkthrough or Walkthrough(district=district, recorded_by=recorded_by)
    walkthrough.school, walkthrough.observer, walkthrough.teacher = school, observer, teacher
    walkthrough.look_for_set, walkthrough.date = look_for_set, date
    walkthrough.duration_minutes, walkthrough.math_specific = duration_minutes, math_specific
    walkthrough.co_observer, walkthrough.same_visit_as = co_observer, same_visit_as
    walkthrough.notes = notes
    walkthrough.feedback_shared, walkthrough.feedback_date = feedback_shared, feedback_date
    walkthrough.feedback_note = feedback_note
    walkthrough.full_clean()
    walkthrough.save()
    replace_links(
        WalkthroughRating,
        district=district,
        parent={"walkthrough": walkthrough},
        links=(
            {"look_for_id": pk, "rating": rating, "evidence": evidence}
            for pk, (rating, evidence) in cleaned.items()
        ),
        key="look_for_id",
    )
    if feedback_shared:
        walkthrough_feedback_deliver(district=district, walkthrough=walkthrough)
    return walkthrough


@transaction.atomic
def walkthrough_feedback_deliver(
    *, district: District, walkthrough: Walkthrough, email: bool = True, at: datetime | None = None
) -> bool:
    """Send a visit's shared feedback to the teacher observed: a notice in the app and an
    e-mail (once the transaction commits) with the look-fors rated, the evidence and the
    observer's notes. Once only; a teacher without a login here cannot receive it yet
    (False), and the next save of the walkthrough tries again. (``email`` False and ``at``
    record a delivery after the fact, as the demo does.)"""
    ensure_same_district(district, walkthrough)
    if (
        walkthrough.feedback_delivered_at is not None
        or not walkthrough.feedback_shared
        or walkthrough.teacher_id is None
        or walkthrough.same_visit_as_id is not None  # a calibration: the coach's own ratings
    ):
        return False
    teacher = member_of_educator(district, walkthrough.teacher_id)
    if teacher is None or not (
        Walkthrough.objects.visible_to(teacher).filter(pk=walkthrough.pk).exists()
    ):
        return False
    walkthrough.feedback_delivered_at = at or timezone.now()
    walkthrough.save(update_fields=["feedback_delivered_at"])
    ratings = (
        WalkthroughRating.objects.for_district(district)
        .filter(walkthrough=walkthrough)
        .select_related("look_for")
        .order_by("look_for__order", "look_for__title")
    )
    observer = walkthrough.observer
    notice_send(
        district=district,
        recipient=teacher,
        topic=Topic.FEEDBACK,
        kind=Kind.WALKTHROUGH_FEEDBACK,
        title=f"Feedback from your walkthrough on {walkthrough.date:%b %-d} ({observer})",
        key=f"walkthrough-feedback:{walkthrough.pk}",
        path=reverse("walkthrough_detail", args=[district.slug, walkthrough.pk]),
        context={
            "observer": observer.full_name,
            "school": walkthrough.school.name,
            "date": f"{walkthrough.date:%b %-d, %Y}",
            "ratings": [
                {
                    "look_for": r.look_for.title,
                    "rating": r.get_rating_display(),
                    "evidence": r.evidence,
                }
                for r in ratings
            ],
            "feedback_note": walkthrough.feedback_note,
            "notes": walkthrough.notes,
            "summary": f"{observer} shared the look-fors as rated, the evidence and their "
            "notes. Open the walkthrough to read them and acknowledge the feedback.",
        },
        about=[walkthrough.teacher_id],
        email=email,
        at=at,
    )
    return True


@transaction.atomic
def walkthrough_feedback_acknowledge(
    *, district: District, walkthrough: Walkthrough, membership: Membership, reflection: str = ""
) -> Walkthrough:
    """The teacher acknowledges the feedback they received, with a short reflection (which
    they may rewrite); the observer hears of it once, and sees it with that school's
    leaders on the walkthrough's page."""
    ensure_same_district(district, walkthrough, membership)
    if not can_acknowledge_feedback(membership, walkthrough):
        raise PermissionDenied("Only the teacher who received the feedback acknowledges it.")
    ensure_open_record(walkthrough, district=district)
    first_time = walkthrough.feedback_acknowledged_at is None
    if first_time:
        walkthrough.feedback_acknowledged_at = timezone.now()
    walkthrough.teacher_reflection = reflection.strip()
    walkthrough.full_clean()
    walkthrough.save(update_fields=["feedback_acknowledged_at", "teacher_reflection"])
    observer = member_of_educator(district, walkthrough.observer_id)
    if first_time and observer is not None:
        teacher = walkthrough.teacher
        notice_send(
            district=district,
            recipient=observer,
            topic=Topic.REPLY,
            kind=Kind.FEEDBACK_ACKNOWLEDGED,
            title=f"{teacher} acknowledged your feedback from {walkthrough.date:%b %-d}",
            key=f"walkthrough-acknowledged:{walkthrough.pk}",
            path=reverse("walkthrough_detail", args=[district.slug, walkthrough.pk]),
            context={
                "teacher": str(teacher),
                "what": f"your feedback from the walkthrough on {walkthrough.date:%b %-d, %Y}",
                "reflection": walkthrough.teacher_reflection,
                "summary": walkthrough.teacher_reflection,
            },
            about=[walkthrough.teacher_id],
        )
    return walkthrough


@transaction.atomic
def walkthrough_delete(*, district: District, walkthrough: Walkthrough) -> None:
    """Delete a walkthrough with its ratings (and a co-observer's record of the same
    visit): restorable together."""
    ensure_same_district(district, walkthrough)
    delete_with_history(walkthrough)


@transaction.atomic
def walkthrough_restore(*, district: District, walkthrough_id: uuid.UUID) -> Walkthrough:
    return restore_deleted(Walkthrough, district=district, pk=walkthrough_id)
