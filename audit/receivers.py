"""The events other layers announce: sign-ins (Django's auth signals), and membership changes
and named CSV exports (``districts.signals``, sent by the code that does them).

A sign-in belongs to no district, so it is written to the trail of every district the person
is a member of; a failed sign-in with a name no member has is kept by the lockout log only.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed

from audit import services
from audit.models import AuditKind
from districts.models import District, Membership, User
from districts.signals import Actor, client_address, membership_changed, named_export


def _memberships_of(user: User) -> list[Membership]:
    memberships = Membership.objects.filter(user=user)  # across districts: a person's own
    return list(memberships.select_related("district", "educator"))


def signed_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is None:
        return
    method = getattr(request, "sso_method", None) or "password"
    actor = Actor(user=user, address=client_address(request))
    for membership in _memberships_of(user):
        services.record(
            district=membership.district,
            kind=AuditKind.SIGN_IN,
            actor=actor,
            subject=membership.educator,
            target=f"Signed in with {method}",
            path=request.path,
        )


def sign_in_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = (credentials or {}).get("username") or ""
    user = User.objects.filter(username__iexact=username).first() if username else None
    if user is None or request is None:
        return
    reason = getattr(request, "sign_in_refusal", None) or "wrong password"
    actor = Actor(user=user, address=client_address(request))
    for membership in _memberships_of(user):
        services.record(
            district=membership.district,
            kind=AuditKind.SIGN_IN_FAILED,
            actor=actor,
            subject=membership.educator,
            target=f"Password sign-in refused: {reason}",
            path=request.path,
        )


def access_changed(
    sender: Any,
    district: District,
    membership: Membership,
    action: str,
    actor: Actor,
    details: str = "",
    **kwargs: Any,
) -> None:
    # The person is referenced, not named: erasing them later leaves the trail nameless.
    services.record(
        district=district,
        kind=AuditKind.MEMBERSHIP,
        actor=actor,
        subject=membership.educator,
        subject_user=membership.user,
        target=f"Access {action}{': ' + details if details else ''}",
        object_id=membership.pk,
    )


def exported(sender: Any, request: Any, name: str, rows: int, **kwargs: Any) -> None:
    district = getattr(request, "district", None)
    if district is None:
        return
    services.record(
        district=district,
        kind=AuditKind.EXPORT,
        actor=Actor.of(request),
        target=f"{name} ({rows} rows)",
        path=request.get_full_path(),
    )


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit-sign-in-failed")
    membership_changed.connect(access_changed, dispatch_uid="audit-access-changed")
    named_export.connect(exported, dispatch_uid="audit-named-export")
