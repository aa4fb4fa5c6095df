"""Starter libraries any district can adopt: copied into the district's own records, where
they are the district's to edit (adopting twice does not copy twice).

- ``nctm-8``: NCTM's eight Mathematics Teaching Practices as a walkthrough form.
- ``indicator-goals``: the default goal of every alignment indicator.
- ``first-objective``: a first objective whose key results the system measures (mean
  meaningful hours per teacher, the share of PLC minutes on planning).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import District, Priority, SchoolYear, User
from districts.selectors import school_year_for
from setup.models import LibraryAdoption
from subsystems.indicators.registry import REGISTRY
from subsystems.leadership.services import look_for_save, look_for_set_save
from subsystems.models import IndicatorGoal, LookForSet
from subsystems.plan.services import key_result_save, objective_save

# The practices' names are NCTM's (Principles to Actions, 2014); what an observer would see
# is ours, short, for the district to rewrite.
TEACHING_PRACTICES = [
    (
        "Establish mathematics goals to focus learning",
        "The lesson's mathematical goal is clear to students and tasks and talk serve it.",
    ),
    (
        "Implement tasks that promote reasoning and problem solving",
        "Students work on tasks with more than one entry point that ask them to reason.",
    ),
    (
        "Use and connect mathematical representations",
        "Students move between pictures, models, tables, symbols and words, and link them.",
    ),
    (
        "Facilitate meaningful mathematical discourse",
        "Students share and compare strategies and respond to one another's ideas.",
    ),
    (
        "Pose purposeful questions",
        "Questions probe and advance students' thinking rather than funnel to an answer.",
    ),
    (
        "Build procedural fluency from conceptual understanding",
        "Procedures grow out of ideas students understand, and students choose among them.",
    ),
    (
        "Support productive struggle in learning mathematics",
        "Students keep working on hard problems, with support that leaves the thinking to them.",
    ),
    (
        "Elicit and use evidence of student thinking",
        "The teacher gathers what students think and adjusts the lesson to it.",
    ),
]
TEACHING_PRACTICES_FORM = "Mathematics Teaching Practices"


@dataclass(frozen=True)
class Library:
    key: str
    title: str
    description: str
    contents: list[str]
    adopt: Callable[..., str]  # (district, user, **options) -> what was made, in words

    def adopted(self, district: District) -> bool:
        return LibraryAdoption.objects.for_district(district).filter(key=self.key).exists()


def _adopt_practices(district: District, user: User | None, **options: Any) -> str:
    form = look_for_set_save(
        district=district,
        name=_free_name(district),
        description="NCTM's eight effective mathematics teaching practices, as look-fors.",
    )
    priority = options.get("priority")
    for order, (title, seen) in enumerate(TEACHING_PRACTICES, start=1):
        look_for_save(
            district=district,
            look_for_set=form,
            title=title,
            description=seen,
            priority=priority,
            order=order,
        )
    return f"The walkthrough form “{form.name}” with {len(TEACHING_PRACTICES)} look-fors."


def _free_name(district: District) -> str:
    taken = set(LookForSet.objects.for_district(district).values_list("name", flat=True))
    name, n = TEACHING_PRACTICES_FORM, 1
    while name in taken:
        n += 1
        name = f"{TEACHING_PRACTICES_FORM} ({n})"
    return name


def _adopt_goals(district: District, user: User | None, **options: Any) -> str:
    stored = set(IndicatorGoal.objects.for_district(district).values_list("key", flat=True))
    missing = [key for key in REGISTRY if key not in stored]
    IndicatorGoal.objects.bulk_create(
        IndicatorGoal(district=district, key=key, goal=REGISTRY[key].default_goal)
        for key in missing
    )
    return f"The default goal of {len(missing)} indicators (goals already set stay)."


def _adopt_first_objective(district: District, user: User | None, **options: Any) -> str:
    priority: Priority | None = options.get("priority") or (
        Priority.objects.for_district(district).filter(active=True).order_by("order").first()
    )
    if priority is None:
        raise ValidationError(
            {"priority": ["Add a district priority first: an objective serves one."]}
        )
    year: SchoolYear | None = options.get("school_year") or school_year_for(
        district, district.today()
    )
    if year is None:
        raise ValidationError(
            {"school_year": ["Add a school year first: the key results are due at its end."]}
        )
    objective = objective_save(
        district=district,
        title="Teachers get the meaningful math PL they need",
        description="Planning time tied to upcoming lessons grows toward the district's "
        "target for every math teacher.",
        priority=priority,
        owner=user
        if user is not None and user.memberships.filter(district=district).exists()
        else None,
        school_year=year,
    )
    for title, baseline, target, unit, measure in [
        (
            "Mean meaningful PL hours per teacher",
            Decimal(0),
            district.pl_target_hours,
            "hours",
            "mean_meaningful_hours",
        ),
        (
            "Share of PLC minutes on instructional planning",
            Decimal(24),
            Decimal(50),
            "%",
            "plc_planning_share",
        ),
    ]:
        key_result_save(
            district=district,
            objective=objective,
            title=title,
            baseline=baseline,
            target=target,
            unit=unit,
            due_date=year.end_date,
            measure=measure,
        )
    return (
        f"The objective “{objective.title}” with 2 measured key results, due {_day(year.end_date)}."
    )


def _day(day: date) -> str:
    return f"{day:%b %-d, %Y}"


LIBRARIES: dict[str, Library] = {
    library.key: library
    for library in [
        Library(
            key="nctm-8",
            title="NCTM's eight Mathematics Teaching Practices",
            description="A walkthrough form with the eight practices as look-fors, ready to "
            "tie to your priorities.",
            contents=[title for title, _ in TEACHING_PRACTICES],
            adopt=_adopt_practices,
        ),
        Library(
            key="indicator-goals",
            title="Default indicator goals",
            description="A goal for each of the alignment indicators on the dashboard, such as "
            "50 % of PLC minutes on instructional planning.",
            contents=[
                f"{ind.label}: {ind.default_goal}{' %' if ind.unit == '%' else ''}"
                for ind in REGISTRY.values()
            ],
            adopt=_adopt_goals,
        ),
        Library(
            key="first-objective",
            title="A first objective measured by the system",
            description="An objective with two key results Coherence measures itself every "
            "Monday: mean meaningful hours per teacher and the PLC planning share.",
            contents=[
                "Mean meaningful PL hours per teacher: from 0 to the district's target",
                "Share of PLC minutes on instructional planning: from 24 % to 50 %",
            ],
            adopt=_adopt_first_objective,
        ),
    ]
}


@transaction.atomic
def library_adopt(*, district: District, key: str, user: User | None = None, **options: Any) -> str:
    """Copy a starter library into the district; refused if it was adopted already."""
    library = LIBRARIES.get(key)
    if library is None:
        raise ValidationError({"key": [f"There is no starter library “{key}”."]})
    if library.adopted(district):
        raise ValidationError({"key": [f"{district.name} has adopted “{library.title}” already."]})
    made = library.adopt(district, user, **options)
    LibraryAdoption.objects.create(district=district, key=key, adopted_by=user)
    return made
