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
    District,
    Educator,
    GradeBand,
    Position,
    Priority,
    Role,
    School,
    SchoolYear,
    User,
    monday_of,
)
from districts.roster_import import roster_import
from districts.services import membership_invite, priority_save, school_year_save

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
    *, district: District, size: str, seed: int, today: date, user_prefix: str
) -> DemoContext:
    """Fill a new district the way a real one is set up — its school year and breaks, its
    priorities, a roster imported from a CSV file — and add the demo logins."""
    rng = random.Random(seed)
    school_count, educator_target, coach_count = SIZES[size]
    year_name, start, end = school_year_around(today)
    school_year = school_year_save(
        district=district,
        name=year_name,
        start_date=start,
        end_date=end,
        breaks=break_weeks(start),
    )
    ctx = DemoContext(district=district, school_year=school_year, rng=rng, size=size, today=today)
    ctx.priorities = [
        priority_save(district=district, title=title, description=text, order=i)
        for i, (title, text) in enumerate(PRIORITIES, start=1)
    ]
    plan = [
        (f"S{i:03d}", school_name, band)
        for i, (school_name, band) in enumerate(_school_plan(school_count), start=1)
    ]
    per_school = max(8, educator_target // school_count)
    rows: list[tuple[str, str, str, str, str, bool]] = []
    used: set[str] = set()

    def add(first, last, code, position, teaches_math=True):
        base = f"{first}.{last}".lower()
        email, n = f"{base}@{district.slug}.example.org", 1
        while email in used:
            n += 1
            email = f"{base}{n}@{district.slug}.example.org"
        used.add(email)
        rows.append((email, first, last, code, position, teaches_math))

    for code, _name_of_school, band in plan:
        add(*_name(rng), code, Position.PRINCIPAL, teaches_math=False)
        if band != GradeBand.ELEMENTARY:
            add(*_name(rng), code, Position.ASSISTANT_PRINCIPAL, teaches_math=False)
        add(*_name(rng), code, Position.INTERVENTIONIST)
        for _ in range(per_school - 3):
            math = band == GradeBand.ELEMENTARY or rng.random() < 0.3
            add(*_name(rng), code, Position.TEACHER, teaches_math=math)
    for _ in range(coach_count):
        add(*_name(rng), "", Position.COACH)

    # The roster goes in as a district's would: two CSV files through the roster import.
    schools_csv = "code,name,grade_band\n" + "".join(
        f"{code},{name},{band}\n" for code, name, band in plan
    )
    roster_import(district=district, raw=schools_csv.encode(), expected="schools")
    educators_csv = "email,first_name,last_name,school_code,position,teaches_math,start_date\n"
    educators_csv += "".join(
        f"{email},{first},{last},{code},{position},{'yes' if math else 'no'},{start}\n"
        for email, first, last, code, position, math in rows
    )
    roster_import(district=district, raw=educators_csv.encode(), expected="educators")
    ctx.schools = list(School.objects.for_district(district).order_by("code"))
    by_email = {e.email: e for e in Educator.objects.for_district(district)}
    ctx.educators = [by_email[email] for email, *_ in rows]
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
        membership_invite(
            district=district,
            email=user.email,
            first_name=first,
            last_name=last,
            role=role,
            schools=schools,
            educator=educator,
            invite=False,
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
        membership_invite(
            district=district,
            email=user.email,
            first_name="Pat",
            last_name="Partner",
            role=Role.VIEWER,
            invite=False,
        )
    return ("partner", Role.VIEWER, ", ".join(d.slug for d in districts))
