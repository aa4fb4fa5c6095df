"""Writes for the tenant, its people and its priorities.

Every service takes the district first and refuses related objects of
another district, so a forged id never links two tenants.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import (
    District,
    Educator,
    Membership,
    MembershipSchool,
    Priority,
    Role,
    School,
    TenantModel,
    User,
)


def ensure_same_district(district: District, *objects: TenantModel | None) -> None:
    """Refuse related objects of another district (None is allowed and skipped)."""
    for obj in objects:
        if obj is not None and obj.district_id != district.pk:
            raise ValidationError(
                f"{str(obj._meta.verbose_name).capitalize()} is not in this district."
            )


def ensure_educators_in_district(district: District, educator_ids: Iterable) -> None:
    """Refuse educator ids that are not on this district's roster."""
    ids = set(educator_ids)
    if not ids:
        return
    found = Educator.objects.for_district(district).filter(pk__in=ids).count()
    if found != len(ids):
        raise ValidationError("Some of the chosen educators are not on this district's roster.")


def replace_links(
    model: Any, *, district: District, parent: dict[str, Any], links: Iterable[dict[str, Any]]
) -> None:
    """Make a link table's rows for one parent exactly ``links`` (who attended a meeting,
    a team's members): the old rows go, the new ones come in one INSERT."""
    model.objects.for_district(district).filter(**parent).delete()
    model.objects.bulk_create(model(district=district, **parent, **link) for link in links)


def link_educators(
    model: Any, *, district: District, parent: dict[str, Any], educators: Iterable[Educator]
) -> None:
    """The people linked to a record (a team's members, those at a meeting) become exactly
    ``educators``."""
    replace_links(
        model, district=district, parent=parent, links=({"educator": e} for e in educators)
    )


def record_save(
    model: Any,
    district: District,
    instance: Any,
    fields: dict[str, Any],
    *related: TenantModel | None,
) -> Any:
    """Create (``instance`` None) or edit a simple tenant record: the related objects must be
    the district's; the model's own validation checks the rest."""
    ensure_same_district(district, instance, *related)
    instance = instance or model(district=district)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def school_save(*, district: District, school: School | None = None, **fields: Any) -> School:
    return record_save(School, district, school, fields)


def educator_save(
    *, district: District, educator: Educator | None = None, **fields: Any
) -> Educator:
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    return record_save(Educator, district, educator, fields, fields.get("school"))


def priority_save(
    *, district: District, priority: Priority | None = None, **fields: Any
) -> Priority:
    return record_save(Priority, district, priority, fields)


def _set_schools(membership: Membership, schools: Iterable[School]) -> None:
    wanted = {school.pk for school in schools}
    links = MembershipSchool.objects.for_district(membership.district_id).filter(
        membership=membership
    )
    links.exclude(school_id__in=wanted).delete()
    existing = set(links.values_list("school_id", flat=True))
    MembershipSchool.objects.bulk_create(
        MembershipSchool(district_id=membership.district_id, membership=membership, school_id=pk)
        for pk in wanted - existing
    )
    membership.__dict__.pop("_school_ids", None)


@transaction.atomic
def membership_invite(
    *,
    district: District,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    schools: Iterable[School] = (),
    educator: Educator | None = None,
) -> tuple[Membership, bool]:
    """Give a person a role in the district, creating their login if they have none.

    Returns the membership and whether a new user was created (who then needs
    an e-mail to set a password). A person already in another district keeps
    their login and gains this membership.
    """
    schools = list(schools)
    ensure_same_district(district, educator, *schools)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("date_joined").first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.for_district(district).filter(user=user).exists():
        raise ValidationError({"email": f"{email} is already a member of {district.name}."})
    membership = Membership(district=district, user=user, role=role, educator=educator)
    membership.full_clean()
    membership.save()
    _set_schools(membership, schools)
    return membership, created


@transaction.atomic
def membership_update(
    *,
    district: District,
    membership: Membership,
    role: str,
    schools: Iterable[School] = (),
    educator: Educator | None = None,
) -> Membership:
    schools = list(schools)
    ensure_same_district(district, membership, educator, *schools)
    if membership.role == Role.DISTRICT_ADMIN and role != Role.DISTRICT_ADMIN:
        _refuse_removing_last_admin(district, membership)
    membership.role = role
    membership.educator = educator
    membership.full_clean()
    membership.save()
    _set_schools(membership, schools)
    return membership


@transaction.atomic
def membership_remove(*, district: District, membership: Membership) -> None:
    ensure_same_district(district, membership)
    if membership.role == Role.DISTRICT_ADMIN:
        _refuse_removing_last_admin(district, membership)
    membership.delete()


def _refuse_removing_last_admin(district: District, membership: Membership) -> None:
    others = (
        Membership.objects.for_district(district)
        .filter(role=Role.DISTRICT_ADMIN)
        .exclude(pk=membership.pk)
        .select_for_update()
    )
    if not others.exists():
        raise ValidationError(
            "This is the district's only admin. Make someone else an admin first."
        )
