"""Setting a district up: provisioning by the installation's operator, and the yearly
rollover that starts the next school year from this one."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils import timezone

from districts.invitations import invitation_link
from districts.links import absolute_reverse
from districts.models import (
    TIME_ZONES,
    District,
    OperatorAction,
    Role,
    SchoolYear,
    User,
)
from districts.services import membership_invite, school_year_save
from plcs.models import PLCTeam
from plcs.services import plc_team_save
from setup.libraries import library_adopt
from subsystems.models import Objective
from subsystems.plan.services import key_result_save, objective_save

# --- Provisioning -----------------------------------------------------------------------------


def _log(operator: User | None, district: District, action: str, detail: str = "") -> None:
    OperatorAction.objects.create(
        operator=operator,
        operator_name=operator.get_username() if operator else "command line",
        district=district,
        district_slug=district.slug,
        action=action,
        detail=detail[:500],
    )


@dataclass
class Provisioned:
    district: District
    admin_email: str
    link: str  # where the first admin sets their password (or logs in, with an account)


@transaction.atomic
def district_provision(
    *, slug: str, name: str, time_zone: str = "America/Chicago", operator: User | None = None
) -> District:
    """Create a district with the default PL target (49 h) and the default indicator goals;
    refused with a reason by field (the address, the time zone)."""
    slug, name = slug.strip().lower(), name.strip()
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(slug)
    except ValidationError:
        errors["slug"] = ["Use lowercase letters, digits and hyphens, such as “riverside”."]
    if not errors and District.objects.filter(slug=slug).exists():
        errors["slug"] = [f"A district with the address “{slug}” exists already."]
    if time_zone not in TIME_ZONES:
        errors["time_zone"] = [f"“{time_zone}” is not a time zone, such as America/Chicago."]
    if errors:
        raise ValidationError(errors)
    district = District(slug=slug, name=name, time_zone=time_zone)
    district.full_clean()
    district.save()
    library_adopt(district=district, key="indicator-goals", user=operator)
    _log(operator, district, "created")
    return district


@transaction.atomic
def district_create(
    *,
    slug: str,
    name: str,
    admin_email: str,
    time_zone: str = "America/Chicago",
    operator: User | None = None,
) -> Provisioned:
    """Create a district (``district_provision``) and invite its first district admin by
    e-mail (sent once this commits; the link is returned too, for an operator without mail
    to pass on)."""
    admin_email = admin_email.strip().lower()
    try:
        validate_email(admin_email)
    except ValidationError:
        raise ValidationError(
            {"admin_email": ["Enter the first admin's e-mail address."]}
        ) from None
    district = district_provision(slug=slug, name=name, time_zone=time_zone, operator=operator)
    membership, created = membership_invite(
        district=district, email=admin_email, role=Role.DISTRICT_ADMIN
    )
    link = (
        invitation_link(membership.user)
        if created
        else absolute_reverse("district_home", district_slug=district.slug)
    )
    return Provisioned(district=district, admin_email=admin_email, link=link)


@transaction.atomic
def district_rename(*, district: District, name: str, operator: User | None = None) -> District:
    before = district.name
    district.name = name.strip()
    district.full_clean()
    district.save(update_fields=["name"])
    _log(operator, district, "renamed", f"{before} → {district.name}")
    return district


@transaction.atomic
def district_suspend(
    *, district: District, reason: str = "", operator: User | None = None
) -> District:
    """Close a district to its members; its data stays as it is."""
    district.suspended_at, district.suspended_reason = timezone.now(), reason.strip()
    district.full_clean()
    district.save(update_fields=["suspended_at", "suspended_reason"])
    _log(operator, district, "suspended", reason)
    return district


@transaction.atomic
def district_unsuspend(*, district: District, operator: User | None = None) -> District:
    district.suspended_at, district.suspended_reason = None, ""
    district.save(update_fields=["suspended_at", "suspended_reason"])
    _log(operator, district, "reopened")
    return district


# --- The yearly rollover ----------------------------------------------------------------------

CARRY, CLOSE = "carry", "close"
A_YEAR = timedelta(weeks=52)  # the same weekday a year on (term dates move by a day or two)


def latest_year(district: District) -> SchoolYear | None:
    return SchoolYear.objects.for_district(district).order_by("-start_date").first()


def next_year_name(start: date, end: date) -> str:
    return f"{start.year}–{str(end.year)[-2:]}" if end.year != start.year else str(start.year)


@dataclass
class Rollover:
    previous: SchoolYear
    year: SchoolYear
    carried: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    members_dropped: int = 0


def objectives_to_decide(district: District, year: SchoolYear) -> list[Objective]:
    """The year's active objectives: the rollover asks, for each, to carry it or close it."""
    return list(
        Objective.objects.for_district(district)
        .filter(school_year=year, active=True)
        .select_related("priority", "school")
        .prefetch_related("key_results")
    )


@transaction.atomic
def school_year_start_next(
    *,
    district: District,
    objectives: dict[Any, str] | None = None,
    user: User | None = None,
) -> Rollover:
    """Start the school year after the latest one, from its pattern (dates and breaks a
    year on). Priorities, look-fors, indicator goals and coaches' schools carry on as they
    are; PLC teams keep their still-active members; each of the year's objectives is carried
    (copied into the new year with its key results) or closed, as ``objectives`` says
    (objective id → "carry" or "close"; carried unless said). The year left behind is
    read-only once it is over."""
    previous = latest_year(district)
    if previous is None:
        raise ValidationError("Add a school year first: the next one follows its pattern.")
    decisions = {str(k): v for k, v in (objectives or {}).items()}
    bad = {k: v for k, v in decisions.items() if v not in (CARRY, CLOSE)}
    if bad:
        raise ValidationError(
            {"objectives": [f"Say “carry” or “close”, not “{v}”." for v in bad.values()]}
        )
    start, end = previous.start_date + A_YEAR, previous.end_date + A_YEAR
    year = school_year_save(
        district=district,
        name=next_year_name(start, end),
        start_date=start,
        end_date=end,
        breaks=[(b.week_start + A_YEAR, b.label) for b in previous.breaks.all()],
    )
    result = Rollover(previous=previous, year=year)
    to_decide = objectives_to_decide(district, previous)
    unknown = set(decisions) - {str(o.pk) for o in to_decide}
    if unknown:
        raise ValidationError(
            {"objectives": [f"{len(unknown)} of the objectives named are not {previous.name}'s."]}
        )
    for objective in to_decide:
        if decisions.get(str(objective.pk), CARRY) == CLOSE:
            objective.active = False
            objective.save(update_fields=["active"])
            result.closed.append(objective.title)
        else:
            _carry(district, objective, year)
            result.carried.append(objective.title)
    result.members_dropped = _teams_keep_active_members(district)
    return result


def _carry(district: District, objective: Objective, year: SchoolYear) -> Objective:
    copy = objective_save(
        district=district,
        title=objective.title,
        description=objective.description,
        level=objective.level,
        school=objective.school,
        priority=objective.priority,
        owner=objective.owner,
        school_year=year,
    )
    for key_result in objective.key_results.all():
        latest = key_result.check_ins.order_by("-date", "-created_at").first()
        # A measured figure starts the new year again; one checked in by hand goes on
        # from where it got to.
        baseline = key_result.baseline
        if not key_result.measure and latest is not None:
            baseline = latest.value
        if baseline == key_result.target:
            baseline = key_result.baseline
        key_result_save(
            district=district,
            objective=copy,
            title=key_result.title,
            baseline=baseline,
            target=key_result.target,
            unit=key_result.unit,
            direction=key_result.direction,
            due_date=key_result.due_date + A_YEAR,
            measure=key_result.measure,
        )
    return copy


def _teams_keep_active_members(district: District) -> int:
    dropped = 0
    for team in (
        PLCTeam.objects.for_district(district).filter(active=True).prefetch_related("members")
    ):
        members = list(team.members.all())
        active = [m for m in members if m.active]
        if len(active) != len(members):
            dropped += len(members) - len(active)
            plc_team_save(
                district=district,
                team=team,
                school=team.school,
                name=team.name,
                grade_band=team.grade_band,
                facilitator=team.facilitator
                if team.facilitator and team.facilitator.active
                else None,
                members=active,
                active=team.active,
            )
    return dropped
