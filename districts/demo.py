"""A realistic, deterministic demo district (and a small second one).

Everything is drawn from a seeded random generator, so two runs give the
same district. Other apps add their own demo records through an app-config
hook (``seed_demo(context)``), called in INSTALLED_APPS order after this.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from districts.models import (
    BreakWeek,
    District,
    Educator,
    GradeBand,
    Membership,
    MembershipSchool,
    Position,
    Priority,
    Role,
    School,
    SchoolYear,
    User,
    monday_of,
)

DEMO_PASSWORD = "coherence-demo"

SIZES = {
    # schools, educators (roughly), coaches
    "small": (3, 45, 1),
    "demo": (12, 300, 3),
    "large": (150, 6000, 30),
}

FIRST_NAMES = (
    "Ava Ben Carmen Dario Elena Farah Gabriel Hana Isaac Jada Kofi Lena Mateo Nadia Omar "
    "Priya Quinn Rosa Samir Tara Uma Victor Wen Ximena Yusuf Zoe Aaron Bianca Caleb Dana "
    "Emil Fiona Grace Hector Ines Jonah Keiko Luis Maya Noah Olivia Pablo Rina Simone Theo "
    "Valeria Will "
).split()
LAST_NAMES = (
    "Adams Baker Castillo Diallo Evans Fischer Garcia Haddad Ito Johnson Kim Lopez Martin "
    "Nguyen Okafor Patel Quintero Rossi Santos Tanaka Underwood Vasquez Walker Xu Young "
    "Zhang Abbott Bennett Chavez Dubois Ellis Flores Gupta Hughes Ibrahim Jensen Kowalski "
    "Larsen Mendoza Novak "
).split()
PLACE_WORDS = (
    "Maple Cedar Riverbend Oakridge Willow Summit Lakeshore Pinecrest Meadowbrook Hillside "
    "Brookfield Sunnyvale Fairview Granite Harbor Ironwood Juniper Kestrel Linden Mesa "
    "Northgate Orchard Prairie Quarry Redwood Sycamore Timber Union Valley Westwood Aspen "
    "Birch Canyon Dove "
).split()

PRIORITIES = [
    (
        "Students explain and justify their reasoning",
        "In every lesson students talk through how they solved a problem and respond to each "
        "other's strategies, using precise mathematical language.",
    ),
    (
        "One coherent set of representations, K–12",
        "Teachers use the adopted curriculum's number lines, area models and tape diagrams so "
        "students meet the same tools from grade to grade and in intervention.",
    ),
    (
        "Grade-level tasks for every student",
        "Every student works on grade-level tasks, with support planned before the lesson rather "
        "than remediation instead of it.",
    ),
    (
        "Number sense before speed",
        "Fluency grows from flexible strategies and number sense, not timed drills.",
    ),
]


@dataclass
class DemoContext:
    """What seeding steps share: the district, its people and a seeded generator."""

    district: District
    school_year: SchoolYear
    rng: random.Random
    size: str
    today: date
    schools: list[School] = field(default_factory=list)
    educators: list[Educator] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def school_year_around(today: date) -> tuple[str, date, date]:
    """A US school year containing ``today``: mid-August to mid-June."""
    first = today.year if today.month >= 7 else today.year - 1
    start = monday_of(date(first, 8, 17))
    end = monday_of(date(first + 1, 6, 11)) + timedelta(days=4)
    return f"{first}–{str(first + 1)[-2:]}", start, end


def break_weeks(start: date) -> list[tuple[date, str]]:
    year = start.year
    november = date(year, 11, 1)
    thursdays = [november + timedelta(days=d) for d in range(30)]
    thanksgiving = [d for d in thursdays if d.weekday() == 3][3]
    winter = monday_of(date(year, 12, 24))
    return [
        (monday_of(thanksgiving), "Thanksgiving break"),
        (winter, "Winter break"),
        (winter + timedelta(weeks=1), "Winter break"),
        (monday_of(date(year + 1, 3, 16)), "Spring break"),
    ]


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _school_plan(count: int) -> list[tuple[str, str]]:
    bands = []
    for index in range(count):
        slot = index % 12
        if slot < 7:
            band, kind = GradeBand.ELEMENTARY, "Elementary"
        elif slot < 10:
            band, kind = GradeBand.MIDDLE, "Middle School"
        else:
            band, kind = GradeBand.HIGH, "High School"
        word = PLACE_WORDS[index % len(PLACE_WORDS)]
        suffix = f" {index // len(PLACE_WORDS) + 1}" if index >= len(PLACE_WORDS) else ""
        bands.append((f"{word}{suffix} {kind}", band))
    return bands


@transaction.atomic
def create_district(
    *, slug: str, name: str, size: str, seed: int, today: date, user_prefix: str
) -> DemoContext:
    """Create one district with its year, priorities, schools, roster and demo logins."""
    District.objects.filter(slug=slug).delete()
    rng = random.Random(seed)
    school_count, educator_target, coach_count = SIZES[size]

    district = District.objects.create(slug=slug, name=name, time_zone="America/Chicago")
    year_name, start, end = school_year_around(today)
    school_year = SchoolYear.objects.create(
        district=district, name=year_name, start_date=start, end_date=end
    )
    BreakWeek.objects.bulk_create(
        BreakWeek(district=district, school_year=school_year, week_start=week, label=label)
        for week, label in break_weeks(start)
    )
    ctx = DemoContext(district=district, school_year=school_year, rng=rng, size=size, today=today)
    ctx.priorities = Priority.objects.bulk_create(
        Priority(district=district, title=title, description=text, order=i)
        for i, (title, text) in enumerate(PRIORITIES, start=1)
    )
    ctx.schools = School.objects.bulk_create(
        School(district=district, code=f"S{i:03d}", name=school_name, grade_band=band)
        for i, (school_name, band) in enumerate(_school_plan(school_count), start=1)
    )

    per_school = max(8, educator_target // school_count)
    educators, used = [], set()

    def add(first, last, school, position, teaches_math=True):
        base = f"{first}.{last}".lower()
        email, n = f"{base}@{slug}.example.org", 1
        while email in used:
            n += 1
            email = f"{base}{n}@{slug}.example.org"
        used.add(email)
        educators.append(
            Educator(
                district=district,
                first_name=first,
                last_name=last,
                email=email,
                school=school,
                position=position,
                teaches_math=teaches_math,
            )
        )

    for school in ctx.schools:
        add(*_name(rng), school, Position.PRINCIPAL, teaches_math=False)
        if school.grade_band != GradeBand.ELEMENTARY:
            add(*_name(rng), school, Position.ASSISTANT_PRINCIPAL, teaches_math=False)
        add(*_name(rng), school, Position.INTERVENTIONIST)
        for _ in range(per_school - 3):
            math = school.grade_band == GradeBand.ELEMENTARY or rng.random() < 0.3
            add(*_name(rng), school, Position.TEACHER, teaches_math=math)
    for _ in range(coach_count):
        add(*_name(rng), None, Position.COACH)
    ctx.educators = Educator.objects.bulk_create(educators, batch_size=1000)
    _create_logins(ctx, user_prefix)
    return ctx


def _create_logins(ctx: DemoContext, prefix: str) -> None:
    district = ctx.district
    password = make_password(DEMO_PASSWORD)
    first_school = ctx.schools[0]
    by_position = {}
    for educator in ctx.educators:
        if educator.school_id in (first_school.pk, None):
            by_position.setdefault(educator.position, []).append(educator)
    coaches = by_position[Position.COACH]
    teachers = [e for e in by_position[Position.TEACHER] if e.teaches_math]
    # The schools the first coach works with (the coaching seed uses the same split).
    coach_schools = ctx.schools[:: len(coaches)]
    cast = [
        ("coordinator", "District admin", Role.DISTRICT_ADMIN, None, []),
        (
            "principal",
            "School leader",
            Role.SCHOOL_LEADER,
            by_position[Position.PRINCIPAL][0],
            [first_school],
        ),
        ("coach", "Coach", Role.COACH, coaches[0], coach_schools),
        ("teacher", "Teacher", Role.TEACHER, teachers[0], []),
        ("teacher2", "Teacher", Role.TEACHER, teachers[1], []),
        ("board", "Viewer", Role.VIEWER, None, []),
    ]
    usernames = [f"{prefix}{username}" for username, *_ in cast]
    User.objects.filter(username__in=usernames).delete()
    for (_username, label, role, educator, schools), login in zip(cast, usernames, strict=True):
        first, last = (educator.first_name, educator.last_name) if educator else (label, "Demo")
        user = User.objects.create(
            username=login,
            email=educator.email if educator else f"{login}@{district.slug}.example.org",
            first_name=first,
            last_name=last,
            password=password,
        )
        membership = Membership.objects.create(
            district=district, user=user, role=role, educator=educator
        )
        MembershipSchool.objects.bulk_create(
            MembershipSchool(district=district, membership=membership, school=s) for s in schools
        )
        ctx.logins.append((login, role, district.slug))


def add_partner(*, districts: list[District]) -> tuple[str, str, str]:
    """An outside partner who belongs to several districts (sees the district picker)."""
    User.objects.filter(username="partner").delete()
    user = User.objects.create(
        username="partner",
        email="partner@example.org",
        first_name="Pat",
        last_name="Partner",
        password=make_password(DEMO_PASSWORD),
    )
    for district in districts:
        Membership.objects.create(district=district, user=user, role=Role.VIEWER)
    return ("partner", Role.VIEWER, ", ".join(d.slug for d in districts))
