"""Writes for the tenant, its people and its priorities.

Every service takes the district first and refuses related objects of
another district, so a forged id never links two tenants.
"""

import itertools
import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from districts.invitations import send_invitation
from districts.models import (
    TIME_ZONES,
    BreakWeek,
    DirtyWeek,
    District,
    Educator,
    Membership,
    MembershipSchool,
    Priority,
    Role,
    School,
    SchoolYear,
    TenantModel,
    User,
    monday_of,
)
from districts.selectors import first_counted_week
from districts.signals import SYSTEM, Actor, membership_changed

logger = logging.getLogger(__name__)


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
    model: Any,
    *,
    district: District,
    parent: dict[str, Any],
    links: Iterable[dict[str, Any]],
    key: str = "educator_id",
    within: dict[str, Any] | None = None,
) -> None:
    """Make a parent's rows (who attended a meeting, a walkthrough's ratings) exactly
    ``links``, each naming its ``key``: rows no longer wanted are removed, new ones added,
    changed ones updated — row by row, so each row's history says what happened to it.
    ``within`` narrows the rows that may be replaced (a principal's own staff)."""
    rows = model.objects.for_district(district).filter(**parent, **(within or {}))
    current = {getattr(row, key): row for row in rows}
    wanted = {link[key]: link for link in links}
    for value, row in current.items():
        if value not in wanted:
            row.delete()
    for value, link in wanted.items():
        row = current.get(value)
        if row is None:
            model.objects.create(district=district, **parent, **link)
            continue
        changed = [name for name, new in link.items() if getattr(row, name) != new]
        if changed:
            for name in changed:
                setattr(row, name, link[name])
            row.save(update_fields=changed)


def link_educators(
    model: Any, *, district: District, parent: dict[str, Any], educators: Iterable[Educator]
) -> None:
    """The people linked to a record (a team's members, those at a meeting) become exactly
    ``educators``."""
    links = ({"educator_id": e.pk} for e in educators)
    replace_links(model, district=district, parent=parent, links=links)


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


# What decides whose minutes count where: a change moves minutes between schools and groups.
FIGURE_FIELDS = ("school_id", "position", "teaches_math", "active", "start_date")


def educator_save(
    *, district: District, educator: Educator | None = None, **fields: Any
) -> Educator:
    """Add or edit someone on the roster. A new educator starts today unless told otherwise;
    a change of school, position, math, active or start marks the year's weeks dirty, so the
    school and district figures follow at the next recompute."""
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    before = None if educator is None else [getattr(educator, f) for f in FIGURE_FIELDS]
    if educator is None and fields.get("start_date") is None:
        fields["start_date"] = district.today()
    saved = record_save(Educator, district, educator, fields, fields.get("school"))
    if before is not None and before != [getattr(saved, f) for f in FIGURE_FIELDS]:
        mark_weeks_dirty(district=district, weeks=weeks_of_current_year(district))
    return saved


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
    invite: bool = True,
    actor: Actor = SYSTEM,
) -> tuple[Membership, bool]:
    """Give a person a role in the district, creating their login if they have none.

    Returns the membership and whether a new user was created; a new user is e-mailed a
    link to set their password once the transaction commits (unless ``invite`` is off).
    A person already in another district keeps their login and gains this membership;
    this district knows them by the name given here, and learns nothing of the login's.
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
    membership = Membership(
        district=district,
        user=user,
        first_name=first_name,
        last_name=last_name,
        role=role,
        educator=educator,
    )
    membership.full_clean()
    membership.save()
    _set_schools(membership, schools)
    if created and invite:
        invited = membership.user
        transaction.on_commit(lambda: send_invitation(user=invited, district=district))
    _announce(district, membership, "added", actor, _access_words(membership, schools))
    return membership, created


@transaction.atomic
def membership_update(
    *,
    district: District,
    membership: Membership,
    role: str,
    schools: Iterable[School] = (),
    educator: Educator | None = None,
    actor: Actor = SYSTEM,
    first_name: str | None = None,
    last_name: str | None = None,
) -> Membership:
    schools = list(schools)
    ensure_same_district(district, membership, educator, *schools)
    if membership.role == Role.DISTRICT_ADMIN and role != Role.DISTRICT_ADMIN:
        _refuse_removing_last_admin(district, membership)
    before = _access_words(membership, None)
    if first_name is not None:
        membership.first_name = first_name
    if last_name is not None:
        membership.last_name = last_name
    membership.role = role
    membership.educator = educator
    membership.full_clean()
    membership.save()
    _set_schools(membership, schools)
    after = _access_words(membership, schools)
    if after != before:
        _announce(district, membership, "changed", actor, f"{before} → {after}")
    return membership


@transaction.atomic
def membership_remove(*, district: District, membership: Membership, actor: Actor = SYSTEM) -> None:
    ensure_same_district(district, membership)
    if membership.role == Role.DISTRICT_ADMIN:
        _refuse_removing_last_admin(district, membership)
    _announce(district, membership, "removed", actor, _access_words(membership, None))
    membership.delete()


def _access_words(membership: Membership, schools: Iterable[School] | None) -> str:
    """A membership's role and schools in words, for the audit trail."""
    if schools is None:
        codes = sorted(
            School.objects.for_district(membership.district_id)
            .filter(pk__in=membership.school_ids())
            .values_list("code", flat=True)
        )
    else:
        codes = sorted(school.code for school in schools)
    return f"{membership.get_role_display()} ({', '.join(codes) or 'district-wide'})"


def _announce(
    district: District, membership: Membership, action: str, actor: Actor, details: str
) -> None:
    membership_changed.send(
        sender=Membership,
        district=district,
        membership=membership,
        action=action,
        actor=actor,
        details=details,
    )


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


# The rollups' recompute, queued by its name: the roster marks weeks without importing the
# ledger (which stands above it), and the ledger marks its own through the same function.
RECOMPUTE_TASK = "pl_hours.tasks.recompute_dirty_weeks"


def mark_weeks_dirty(*, district: District, weeks: Iterable[date]) -> None:
    """Record weeks whose figures must be recomputed, in this transaction, and queue their
    recompute once it commits (a failed hand-off leaves the marks for the beat job)."""
    weeks = set(weeks)
    if not weeks:
        return
    now = timezone.now()
    DirtyWeek.objects.bulk_create(
        [DirtyWeek(district=district, week_start=week, marked_at=now) for week in weeks],
        update_conflicts=True,
        unique_fields=["district", "week_start"],
        update_fields=["marked_at"],
    )
    district_id = district.pk

    def queue() -> None:
        try:
            current_app.tasks[RECOMPUTE_TASK].apply_async(args=[district_id], countdown=2)
        except Exception:  # the broker is down: the marks stay, the beat job drains them
            logger.warning(
                "Could not queue a rollup recompute for district %s", district_id, exc_info=True
            )

    transaction.on_commit(queue)


def weeks_of_current_year(district: District) -> list[date]:
    """The weeks of the school year going on (from its first to this one): what a roster
    change can move between schools and groups."""
    today = district.today()
    year = (
        SchoolYear.objects.for_district(district)
        .filter(start_date__lte=today)
        .order_by("-start_date")
        .first()
    )
    if year is None:
        return []
    last = monday_of(today)
    week, weeks = first_counted_week(year), []
    while week <= last:
        weeks.append(week)
        week += timedelta(weeks=1)
    return weeks


def pl_date_problem(district: District, day: date) -> str | None:
    """Why a date cannot be that of something that happened (None when it can): it must
    not be in the future and must fall in one of the district's school years — or, when the
    district counts PL between two years toward the next, between two of them."""
    if day > district.today():
        return f"{day:%b %-d, %Y} is in the future: record it once it has happened."
    years = list(SchoolYear.objects.for_district(district).order_by("start_date"))
    if not years:
        return "The district has no school year yet: an admin adds one in Settings."
    if any(year.start_date <= day <= year.end_date for year in years):
        return closed_year_problem(district, day, years)
    between = any(
        earlier.end_date < day < later.start_date for earlier, later in itertools.pairwise(years)
    )
    if between and district.summer_pl_counts_next_year:
        return None
    spans = "; ".join(
        f"{y.name}: {y.start_date:%b %-d, %Y} to {y.end_date:%b %-d, %Y}" for y in years
    )
    return f"{day:%b %-d, %Y} is not in one of the district's school years ({spans})."


def closed_year_problem(
    district: District, day: date, years: list[SchoolYear] | None = None
) -> str | None:
    """Why a record dated ``day`` can no longer be added, changed or deleted: its school
    year is over and the district has made the next one, so it is read-only and its
    figures stay what the board saw."""
    years = years or list(SchoolYear.objects.for_district(district).order_by("start_date"))
    today = district.today()
    for year, _later in itertools.pairwise(years):
        if year.contains(day) and year.end_date < today:
            return (
                f"{day:%b %-d, %Y} is in the {year.name} school year, which is over: its "
                "records are read-only now."
            )
    return None


def ensure_open_year(district: District, day: date | None) -> None:
    """Refuse changing or deleting a record of a school year that is over (read-only)."""
    problem = None if day is None else closed_year_problem(district, day)
    if problem:
        raise ValidationError(problem)


def ensure_open_record(record: Any, *, district: District, field: str = "date") -> None:
    """Refuse editing a dated record whose stored date is in a read-only school year."""
    if record._state.adding:
        return
    stored = (
        type(record)
        .objects.for_district(district)
        .filter(pk=record.pk)
        .values_list(field, flat=True)
        .first()
    )
    ensure_open_year(district, stored)


def ensure_pl_date(district: District, day: date | None, field: str = "date") -> None:
    """Refuse, on ``field``, a date that cannot be that of something that happened."""
    problem = None if day is None else pl_date_problem(district, day)
    if problem:
        raise ValidationError({field: [problem]})


# --- The district's own settings and its school years ---------------------------------------

SETTINGS_FIELDS = ("name", "time_zone", "pl_target_hours", "summer_pl_counts_next_year")


@transaction.atomic
def district_settings_save(*, district: District, **fields: Any) -> District:
    """Change the district's settings (any of ``SETTINGS_FIELDS``). A change to which weeks
    count (the summer setting) or to "today" (the time zone) marks the year's weeks dirty."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a district setting: {', '.join(sorted(unknown))}")
    if "time_zone" in fields and fields["time_zone"] not in TIME_ZONES:
        raise ValidationError(
            {
                "time_zone": [
                    f"“{fields['time_zone']}” is not a time zone; pick one from the "
                    "list, such as America/Chicago."
                ]
            }
        )
    before = (district.summer_pl_counts_next_year, district.time_zone)
    for name, value in fields.items():
        setattr(district, name, value)
    district.full_clean()
    district.save()
    if before != (district.summer_pl_counts_next_year, district.time_zone):
        mark_weeks_dirty(district=district, weeks=weeks_of_current_year(district))
    return district


YEAR_MAX_DAYS = 366
EARLIEST_YEAR, LATEST_YEAR = date(1990, 1, 1), date(2100, 12, 31)


def _span(year: SchoolYear) -> str:
    return f"{year.name}: {year.start_date:%b %-d, %Y} to {year.end_date:%b %-d, %Y}"


def school_year_problems(
    district: District,
    school_year: SchoolYear | None,
    *,
    name: str,
    start_date: date,
    end_date: date,
    breaks: list[tuple[date, str]],
) -> dict[str, list[str]]:
    """Why a school year cannot be saved as given, by field (empty when it can)."""
    errors: dict[str, list[str]] = {}
    others = SchoolYear.objects.for_district(district)
    if school_year is not None:
        others = others.exclude(pk=school_year.pk)
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if not EARLIEST_YEAR <= day <= LATEST_YEAR:
            errors[field] = ["Enter a date from 1990 to 2100."]
    if errors:
        return errors
    if end_date <= start_date:
        errors["end_date"] = ["The year ends after it starts."]
    elif (end_date - start_date).days > YEAR_MAX_DAYS:
        errors["end_date"] = ["A school year is at most a year long."]
    if others.filter(name=name).exists():
        errors["name"] = [f"{district.name} already has a school year named {name}."]
    overlapping = others.filter(start_date__lte=end_date, end_date__gte=start_date)
    if overlapping.exists():
        errors["start_date"] = [
            "It overlaps another school year (" + "; ".join(map(_span, overlapping)) + ")."
        ]
    today = district.today()
    if (
        start_date <= today <= end_date
        and others.filter(start_date__lte=today, end_date__gte=today).exists()
    ):
        errors.setdefault("start_date", []).append("Another school year already contains today.")
    first, outside = monday_of(start_date), []
    for week, label in breaks:
        if not first <= week <= end_date:
            outside.append(f"{week:%b %-d, %Y}")
        if len(label) > 80:
            errors["breaks"] = ["A break's label is at most 80 characters."]
    if outside:
        errors.setdefault("breaks", []).append(
            f"Break weeks must be inside the year ({start_date:%b %-d, %Y} to "
            f"{end_date:%b %-d, %Y}); not the week of {', '.join(outside)}."
        )
    if school_year is not None:
        problem = closed_year_problem(district, school_year.start_date)
        if problem:
            errors["__all__"] = [f"{school_year.name} is over and read-only."]
    return errors


@transaction.atomic
def school_year_save(
    *,
    district: District,
    school_year: SchoolYear | None = None,
    name: str,
    start_date: date,
    end_date: date,
    breaks: Iterable[tuple[date, str]] | None = None,
) -> SchoolYear:
    """Add or change a school year and its break weeks (``None``: keep them), all or
    nothing; the weeks it adds, removes or turns into breaks are marked dirty."""
    if breaks is None:
        kept = school_year.breaks.all() if school_year is not None else []
        breaks = [(b.week_start, b.label) for b in kept]
    weeks = {monday_of(week): label.strip() for week, label in breaks}
    given = sorted(weeks.items())
    errors = school_year_problems(
        district, school_year, name=name, start_date=start_date, end_date=end_date, breaks=given
    )
    if errors:
        raise ValidationError(errors)
    before: set[date] = set()
    if school_year is not None:
        before = set(_mondays(school_year.start_date, school_year.end_date))
        before |= set(school_year.breaks.values_list("week_start", flat=True))
    school_year = school_year or SchoolYear(district=district)
    school_year.name, school_year.start_date, school_year.end_date = name, start_date, end_date
    school_year.full_clean()
    school_year.save()
    existing = {b.week_start: b for b in school_year.breaks.all()}
    for week, gone in existing.items():
        if week not in weeks:
            gone.delete()
    for week, label in weeks.items():
        row = existing.get(week)
        if row is None:
            BreakWeek.objects.create(
                district=district, school_year=school_year, week_start=week, label=label
            )
        elif row.label != label:
            row.label = label
            row.save(update_fields=["label"])
    after = set(_mondays(start_date, end_date)) | set(weeks)
    today = monday_of(district.today())
    mark_weeks_dirty(district=district, weeks={week for week in before | after if week <= today})
    return school_year


@transaction.atomic
def school_year_delete(*, district: District, school_year: SchoolYear) -> None:
    """Remove a school year that is not read-only; its records stay, counted in no year."""
    ensure_same_district(district, school_year)
    ensure_open_year(district, school_year.start_date)
    today = monday_of(district.today())
    weeks = [w for w in _mondays(school_year.start_date, school_year.end_date) if w <= today]
    school_year.delete()
    mark_weeks_dirty(district=district, weeks=weeks)


def _mondays(start: date, end: date) -> list[date]:
    week, weeks = monday_of(start), []
    while week <= end:
        weeks.append(week)
        week += timedelta(weeks=1)
    return weeks


# --- A person's own API token ---------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """Give ``user`` a new API token, replacing (and so revoking) any they had."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> bool:
    """Revoke ``user``'s API token; whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
