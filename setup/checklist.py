"""The first-run checklist: what a new district sets up, in order, each step done or not
from the data itself (nothing to tick by hand)."""

from collections.abc import Callable
from dataclasses import dataclass

from districts.models import District, Educator, Membership, Priority, Role, School, SchoolYear
from plcs.models import PLCTeam
from subsystems.models import IndicatorGoal, LookForSet


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    why: str
    url_name: str
    link: str
    done: Callable[[District], bool]


STEPS = [
    Step(
        "school_year",
        "Add the school year",
        "Every figure counts a school year's weeks: its first and last day and its breaks.",
        "school_year_list",
        "School years",
        lambda d: SchoolYear.objects.for_district(d).exists(),
    ),
    Step(
        "roster",
        "Import schools and the roster",
        "Whose PL counts: the schools, and the teachers who teach math.",
        "roster_import",
        "Import roster",
        lambda d: (
            School.objects.for_district(d).exists()
            and Educator.objects.for_district(d).filter(teaches_math=True).exists()
        ),
    ),
    Step(
        "priorities",
        "Name the district's priorities",
        "The few instructional priorities every PLC, PD session, cycle and goal can serve.",
        "priority_list",
        "Priorities",
        lambda d: Priority.objects.for_district(d).filter(active=True).exists(),
    ),
    Step(
        "look_fors",
        "Choose the look-fors",
        "What walkthroughs look for in math classrooms (start from NCTM's eight practices).",
        "libraries",
        "Starter libraries",
        lambda d: LookForSet.objects.for_district(d).exists(),
    ),
    Step(
        "plc_teams",
        "Set up PLC teams",
        "The teams whose meetings carry most of the planning time.",
        "plc_teams",
        "PLC teams",
        lambda d: PLCTeam.objects.for_district(d).exists(),
    ),
    Step(
        "coaches",
        "Give coaches their schools",
        "A coach's caseload: the schools whose teachers they coach.",
        "membership_list",
        "People",
        lambda d: (
            Membership.objects.for_district(d)
            .filter(role=Role.COACH, schools__isnull=False)
            .exists()
        ),
    ),
    Step(
        "indicator_goals",
        "Set the indicator goals",
        "What “met” means on the dashboard (start from the defaults and adjust).",
        "indicator_goals",
        "Indicator goals",
        lambda d: IndicatorGoal.objects.for_district(d).exists(),
    ),
]


@dataclass(frozen=True)
class Progress:
    steps: list[tuple[Step, bool]]

    @property
    def done(self) -> int:
        return sum(1 for _, done in self.steps if done)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


def progress(district: District) -> Progress:
    return Progress([(step, step.done(district)) for step in STEPS])
