"""Reads of notices and preferences: a person's own, and nobody else's."""

from django.db.models import QuerySet

from districts.models import Membership
from notices.models import Notice, NoticePreferences
from notices.permissions import DIGEST_BY_DEFAULT


def preferences_for(membership: Membership) -> NoticePreferences:
    """A member's preferences, or the defaults (unsaved) when they have chosen nothing yet:
    e-mail for feedback and reminders, the digest for admins and school leaders."""
    found = (
        NoticePreferences.objects.for_district(membership.district_id)
        .filter(membership=membership)
        .first()
    )
    if found is not None:
        return found
    return NoticePreferences(
        district_id=membership.district_id,
        membership=membership,
        digest=membership.role in DIGEST_BY_DEFAULT,
    )


def notices_for_page(membership: Membership) -> QuerySet[Notice]:
    return Notice.objects.visible_to(membership).order_by("-created_at")


def unread_count(membership: Membership) -> int:
    return Notice.objects.visible_to(membership).unread().count()


def email_address(membership: Membership) -> str:
    """Where a member's e-mail goes: their login's address, else their roster record's."""
    if membership.user.email:
        return membership.user.email
    educator = membership.educator
    return educator.email if educator is not None else ""
