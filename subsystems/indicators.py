"""Alignment indicators: is each subsystem of each school pulling in the district's direction?

Every indicator is one small function that computes, for all schools of a
district at once (a fixed number of queries, never one set per school), a
numerator and denominator per school; the registry turns them into a value,
compares it with the district's goal, and says ``met``, ``gap`` (with the
distance) or ``no_data``. Adding an indicator is adding one function here.
"""

from collections import defaultdict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from coaching.models import BRIDGE_DUTIES, ENTERED_DUTIES, CoachingCycle, CoachingSession, CoachWeek
from districts.models import LEADER_POSITIONS, District, Educator, School
from pl_hours.models import SPLIT_FIELDS
from pl_hours.rules import MEANINGFUL, apportion
from pl_hours.selectors import participants
from plcs.models import PLCMeeting, PLCTeam
from subsystems.models import (
    IndicatorGoal,
    InterventionGroup,
    KeyResult,
    LedBy,
    PDAttendance,
    SchoolGoal,
    Walkthrough,
)


class Subsystem:
    VISION = "vision"
    COACHING = "coaching"
    LEADERSHIP = "leadership"
    PLCS = "plcs"
    PD = "pd"
    MATERIALS = "materials"


SUBSYSTEMS = [
    (Subsystem.VISION, "Vision & leadership"),
    (Subsystem.COACHING, "Coaching"),
    (Subsystem.LEADERSHIP, "School leadership"),
    (Subsystem.PLCS, "PLCs"),
    (Subsystem.PD, "Pull-out PD"),
    (Subsystem.MATERIALS, "Materials & intervention"),
]


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def months(self) -> Decimal:
        return max(Decimal((self.end - self.start).days + 1) / Decimal("30.44"), Decimal("0.1"))


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal


@dataclass(frozen=True)
class Indicator:
    key: str
    subsystem: str
    label: str
    unit: str  # "%" (a share ×100) or a rate such as "per month"
    default_goal: Decimal
    compute: Callable[[District, Window, list], dict]  # school id → Ratio
    records: str = ""  # the page that lists the records behind it
    research_note: str = ""


REGISTRY: dict[str, Indicator] = {}

# Indicators that read the same rows (a window's PLC meetings, its PD ledger rows) share one
# grouped query per evaluation through this memo, which lives only as long as evaluate().
_shared: ContextVar[dict | None] = ContextVar("indicator_shared", default=None)


def shared(key, compute: Callable[[], dict]) -> dict:
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def indicator(key, subsystem, label, *, unit="%", goal, records="", note=""):
    def register(function):
        REGISTRY[key] = Indicator(
            key=key,
            subsystem=subsystem,
            label=label,
            unit=unit,
            default_goal=Decimal(goal),
            compute=function,
            records=records,
            research_note=note,
        )
        return function

    return register


def _by_school(rows, school_key, numerator, denominator) -> dict:
    return {
        row[school_key]: Ratio(Decimal(row[numerator] or 0), Decimal(row[denominator] or 0))
        for row in rows
        if row[school_key] is not None
    }


# --- Vision & leadership ------------------------------------------------------------------


@indicator(
    "school_goals_aligned",
    Subsystem.VISION,
    "School goals linked to a district priority",
    goal=100,
    records="school_goals",
)
def school_goals_aligned(district, window, schools):
    rows = (
        SchoolGoal.objects.for_district(district)
        .values("school_id")
        .annotate(
            all=Count("pk", distinct=True),
            linked=Count("pk", distinct=True, filter=Q(priorities__isnull=False)),
        )
    )
    return {r["school_id"]: Ratio(Decimal(r["linked"]), Decimal(r["all"])) for r in rows}


@indicator(
    "key_results_checked_in",
    Subsystem.VISION,
    "Key results checked in within 30 days",
    goal=100,
    records="plan",
)
def key_results_checked_in(district, window, schools):
    rows = (
        KeyResult.objects.for_district(district)
        .filter(objective__active=True, objective__school__isnull=False)
        .values("objective__school_id")
        .annotate(
            all=Count("pk", distinct=True),
            fresh=Count(
                "pk",
                distinct=True,
                filter=Q(
                    check_ins__date__gte=window.end - timedelta(days=30),
                    check_ins__date__lte=window.end,
                ),
            ),
        )
    )
    return _by_school(rows, "objective__school_id", "fresh", "all")


# --- Coaching -----------------------------------------------------------------------------


@indicator(
    "coaching_focus",
    Subsystem.COACHING,
    "Coaching minutes in cycles focused on a priority",
    goal=80,
    records="coaching_caseload",
)
def coaching_focus(district, window, schools):
    rows = (
        CoachingSession.objects.for_district(district)
        .filter(date__range=(window.start, window.end))
        .values("cycle__school_id")
        .annotate(
            all=Sum("minutes"),
            focused=Sum("minutes", filter=Q(cycle__focus__isnull=False, cycle__focus__active=True)),
        )
    )
    return _by_school(rows, "cycle__school_id", "focused", "all")


@indicator(
    "coaching_coverage",
    Subsystem.COACHING,
    "Math teachers in a coaching cycle this year",
    goal=30,
    records="coaching_caseload",
)
def coaching_coverage(district, window, schools):
    rows = (
        participants(district)
        .values("school_id")
        .annotate(
            all=Count("pk", distinct=True),
            coached=Count(
                "pk",
                distinct=True,
                filter=Q(
                    coaching_cycles__start_date__lte=window.end,
                    coaching_cycles__end_date__gte=window.start,
                ),
            ),
        )
    )
    return _by_school(rows, "school_id", "coached", "all")


@indicator(
    "coach_bridge_time",
    Subsystem.COACHING,
    "Coach time on cycles, PLC facilitation and leader support",
    goal=70,
    records="coach_time",
)
def coach_bridge_time(district, window, schools):
    # A school's coaches are those with cycles there in the window; their time is district-wide.
    cycle_minutes = dict(
        CoachingSession.objects.for_district(district)
        .filter(date__range=(window.start, window.end))
        .values("cycle__coach_id")
        .annotate(m=Sum("minutes"))
        .values_list("cycle__coach_id", "m")
    )
    weeks = (
        CoachWeek.objects.for_district(district)
        .filter(week_start__range=(window.start - timedelta(days=6), window.end))
        .values("coach_id")
        .annotate(**{d: Sum(d) for d in ENTERED_DUTIES})
    )
    per_coach = {}
    for row in weeks:
        minutes = {d: row[d] or 0 for d in ENTERED_DUTIES}
        minutes["cycles"] = cycle_minutes.get(row["coach_id"], 0)
        bridge = sum(minutes[d] for d in BRIDGE_DUTIES)
        per_coach[row["coach_id"]] = (Decimal(bridge), Decimal(sum(minutes.values())))
    coaches_at = defaultdict(set)
    for school_id, coach_id in (
        CoachingCycle.objects.for_district(district)
        .filter(start_date__lte=window.end, end_date__gte=window.start)
        .values_list("school_id", "coach_id")
        .distinct()
    ):
        coaches_at[school_id].add(coach_id)
    result = {}
    for school_id, coach_ids in coaches_at.items():
        logged = [per_coach[c] for c in coach_ids if c in per_coach]
        if logged:
            result[school_id] = Ratio(sum(b for b, _ in logged), sum(t for _, t in logged))
    return result


# --- School leadership --------------------------------------------------------------------


def _walkthroughs(district, window) -> dict:
    """Per school: visits (a calibration record does not count twice), co-observed visits,
    visits to a teacher, those with feedback shared, and math visits by school leaders —
    one grouped query shared by the three leadership indicators."""

    def compute():
        rows = (
            Walkthrough.objects.for_district(district)
            .filter(date__range=(window.start, window.end), same_visit_as__isnull=True)
            .values("school_id")
            .annotate(
                all=Count("pk"),
                together=Count("pk", filter=Q(co_observer__isnull=False)),
                to_teacher=Count("pk", filter=Q(teacher__isnull=False)),
                shared=Count("pk", filter=Q(teacher__isnull=False, feedback_shared=True)),
                by_leaders=Count(
                    "pk", filter=Q(math_specific=True, observer__position__in=LEADER_POSITIONS)
                ),
            )
            .order_by()
        )
        return {row["school_id"]: row for row in rows}

    return shared(("walkthroughs", district.pk, window), compute)


@indicator(
    "walkthroughs_per_leader_month",
    Subsystem.LEADERSHIP,
    "Math walkthroughs per leader per month",
    unit="per month",
    goal=4,
    records="walkthrough_list",
)
def walkthroughs_per_leader_month(district, window, schools):
    visits = _walkthroughs(district, window)
    leaders = dict(
        Educator.objects.for_district(district)
        .filter(position__in=LEADER_POSITIONS, active=True, school__isnull=False)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return {
        school_id: Ratio(
            Decimal(visits[school_id]["by_leaders"] if school_id in visits else 0),
            Decimal(count) * window.months,
        )
        for school_id, count in leaders.items()
    }


@indicator(
    "walkthroughs_co_observed",
    Subsystem.LEADERSHIP,
    "Walkthroughs co-observed with a coach",
    goal=25,
    records="walkthrough_list",
)
def walkthroughs_co_observed(district, window, schools):
    return _by_school(_walkthroughs(district, window).values(), "school_id", "together", "all")


@indicator(
    "walkthroughs_feedback",
    Subsystem.LEADERSHIP,
    "Walkthroughs with feedback shared",
    goal=90,
    records="walkthrough_list",
)
def walkthroughs_feedback(district, window, schools):
    rows = [r for r in _walkthroughs(district, window).values() if r["to_teacher"]]
    return _by_school(rows, "school_id", "shared", "to_teacher")


# --- PLCs ---------------------------------------------------------------------------------


def _meetings(district, window):
    return PLCMeeting.objects.for_district(district).filter(date__range=(window.start, window.end))


def _plc_by_school(district, window) -> dict:
    """Per school: PLC minutes, planning minutes, meetings, meetings on student work or
    rehearsal — one grouped query shared by the three PLC indicators."""

    def compute():
        rows = (
            _meetings(district, window)
            .values("team__school_id")
            .annotate(
                total=Sum("minutes"),
                planning=Sum("minutes_instructional_planning"),
                meetings=Count("pk"),
                deep=Count("pk", filter=Q(analysed_student_work=True) | Q(rehearsed_lesson=True)),
            )
        )
        return {row["team__school_id"]: row for row in rows}

    return shared(("plc", district.pk, window), compute)


@indicator(
    "plc_planning_share",
    Subsystem.PLCS,
    "PLC minutes on instructional planning",
    goal=50,
    records="plc_teams",
    note="Research baseline: 24 %.",
)
def plc_planning_share(district, window, schools):
    rows = _plc_by_school(district, window).values()
    return _by_school(rows, "team__school_id", "planning", "total")


@indicator(
    "plc_meetings_per_team_month",
    Subsystem.PLCS,
    "Meetings per team per month",
    unit="per month",
    goal=3,
    records="plc_teams",
)
def plc_meetings_per_team_month(district, window, schools):
    meetings = {k: row["meetings"] for k, row in _plc_by_school(district, window).items()}
    teams = dict(
        PLCTeam.objects.for_district(district)
        .filter(active=True)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return {
        school_id: Ratio(Decimal(meetings.get(school_id, 0)), Decimal(n) * window.months)
        for school_id, n in teams.items()
    }


@indicator(
    "plc_student_work_or_rehearsal",
    Subsystem.PLCS,
    "Meetings that analysed student work or rehearsed a lesson",
    goal=75,
    records="plc_teams",
)
def plc_student_work_or_rehearsal(district, window, schools):
    rows = _plc_by_school(district, window).values()
    return _by_school(rows, "team__school_id", "deep", "meetings")


# --- Pull-out PD --------------------------------------------------------------------------


def _pd_by_school(district, window) -> dict:
    """Per school: PD minutes, meaningful minutes, sessions and sessions tied to an active
    priority — one grouped query shared by the two PD indicators.

    It reads attendance (a row per attendee) rather than the ledger (a row per attendee
    and category), grouped in SQL by school, session and attended minutes; each distinct
    attendance is apportioned by the ledger's own largest-remainder rule, so the minutes
    equal the ledger's exactly.
    """

    def compute():
        split_fields = list(SPLIT_FIELDS.values())
        rows = (
            PDAttendance.objects.for_district(district)
            .filter(session__date__range=(window.start, window.end))
            .values(
                "educator__school_id",
                "session_id",
                "attended_minutes",
                "session__math_specific",
                "session__priority__active",
                *(f"session__{f}" for f in split_fields),
            )
            .annotate(attendees=Count("pk"))
            .order_by()
        )
        by_school: dict = defaultdict(
            lambda: {"total": 0, "meaningful": 0, "sessions": set(), "tied": set()}
        )
        planning_for: dict = {}
        for row in rows:
            school = by_school[row["educator__school_id"]]
            session, attended, n = row["session_id"], row["attended_minutes"], row["attendees"]
            key = (session, attended)
            if key not in planning_for:
                split = {c: row[f"session__{f}"] for c, f in SPLIT_FIELDS.items()}
                # The services wrote the ledger from this same split (validated to add up
                # to the session's minutes); apportion it without validating again, so a
                # stored session can never stop the dashboard.
                planning_for[key] = (
                    apportion(split, attended)[MEANINGFUL]
                    if row["session__math_specific"] and any(split.values())
                    else 0
                )
            school["total"] += attended * n
            school["meaningful"] += planning_for[key] * n
            school["sessions"].add(session)
            if row["session__priority__active"]:
                school["tied"].add(session)
        return {
            school_id: {
                "total": figures["total"],
                "meaningful": figures["meaningful"],
                "sessions": len(figures["sessions"]),
                "tied": len(figures["tied"]),
                "school_id": school_id,
            }
            for school_id, figures in by_school.items()
        }

    return shared(("pd", district.pk, window), compute)


@indicator(
    "pd_meaningful_share",
    Subsystem.PD,
    "PD minutes that are meaningful",
    goal=60,
    records="pd_sessions",
)
def pd_meaningful_share(district, window, schools):
    rows = _pd_by_school(district, window).values()
    return _by_school(rows, "school_id", "meaningful", "total")


@indicator(
    "pd_tied_to_priority",
    Subsystem.PD,
    "PD sessions tied to a priority",
    goal=100,
    records="pd_sessions",
)
def pd_tied_to_priority(district, window, schools):
    rows = _pd_by_school(district, window).values()
    return _by_school(rows, "school_id", "tied", "sessions")


# --- Materials & intervention -------------------------------------------------------------


def _groups(district) -> dict:
    """Per school: active intervention groups, those connected to the classroom and those
    using the core representations — one grouped query shared by both indicators."""

    def compute():
        rows = (
            InterventionGroup.objects.for_district(district)
            .filter(active=True)
            .values("school_id")
            .annotate(
                all=Count("pk"),
                connected=Count(
                    "pk",
                    filter=Q(led_by=LedBy.CLASSROOM_TEACHER)
                    | Q(collaboration_minutes_per_month__gt=0),
                ),
                core=Count("pk", filter=Q(uses_core_representations=True)),
            )
            .order_by()
        )
        return list(rows)

    return shared(("groups", district.pk), compute)


@indicator(
    "intervention_connected",
    Subsystem.MATERIALS,
    "Groups led by a classroom teacher or with collaboration time",
    goal=80,
    records="intervention",
)
def intervention_connected(district, window, schools):
    return _by_school(_groups(district), "school_id", "connected", "all")


@indicator(
    "intervention_core_representations",
    Subsystem.MATERIALS,
    "Groups using the core curriculum's representations",
    goal=80,
    records="intervention",
)
def intervention_core_representations(district, window, schools):
    return _by_school(_groups(district), "school_id", "core", "all")


# --- Evaluation ---------------------------------------------------------------------------


MET, GAP, NO_DATA = "met", "gap", "no_data"
STATUS_LABELS = {MET: "Met", GAP: "Gap", NO_DATA: "No data"}


PERCENT_SCALE, TENTHS, ZERO = Decimal(100), Decimal("0.1"), Decimal(0)


@dataclass(slots=True)
class Result:
    """One indicator for one school (or the district): its value against its goal.

    Value and status are worked out once, when the result is made: a large district's
    dashboard makes a few thousand of these per request."""

    indicator: Indicator
    goal: Decimal
    ratio: Ratio | None
    value: Decimal | None = field(init=False)
    status: str = field(init=False)
    distance: Decimal | None = field(init=False)  # how far below the goal, for a gap
    shortfall: Decimal = field(init=False)  # the distance as a share of the goal, to rank gaps

    def __post_init__(self):
        ratio = self.ratio
        self.value, self.status, self.distance, self.shortfall = None, NO_DATA, None, ZERO
        if ratio is None or not ratio.denominator:
            return
        scaled = PERCENT_SCALE * ratio.numerator if self.indicator.unit == "%" else ratio.numerator
        self.value = (scaled / ratio.denominator).quantize(TENTHS)
        if self.value >= self.goal:
            self.status = MET
            return
        self.status, self.distance = GAP, self.goal - self.value
        if self.goal:
            self.shortfall = self.distance / self.goal

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def records_url(self, district: District, school: School | None = None) -> str:
        if not self.indicator.records:
            return ""
        url = reverse(self.indicator.records, args=[district.slug])
        return (
            f"{url}?school={school.pk}"
            if school is not None
            and self.indicator.records
            in ("walkthrough_list", "plc_teams", "intervention", "school_goals", "plan")
            else url
        )


@dataclass(slots=True)
class SubsystemCell:
    """One subsystem's results for one school: how many indicators meet their goal."""

    key: str
    label: str
    results: list[Result]
    met: int = field(init=False)
    with_data: int = field(init=False)
    status: str = field(init=False)

    def __post_init__(self):
        self.met = sum(1 for r in self.results if r.status == MET)
        self.with_data = sum(1 for r in self.results if r.status != NO_DATA)
        if not self.with_data:
            self.status = NO_DATA
        else:
            self.status = MET if self.met == self.with_data else GAP

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def goals_for(district: District) -> dict[str, Decimal]:
    custom = dict(IndicatorGoal.objects.for_district(district).values_list("key", "goal"))
    return {key: custom.get(key, ind.default_goal) for key, ind in REGISTRY.items()}


def evaluate(district: District, window: Window, schools: list[School]) -> dict:
    """Every indicator for every school (and the district as a whole), in a bounded number of
    queries: school id (None for the district) → list of SubsystemCell."""
    goals = goals_for(district)
    token = _shared.set({})
    try:
        return _evaluate(district, window, schools, goals)
    finally:
        _shared.reset(token)


def _evaluate(district, window, schools, goals) -> dict:
    per_school: dict = {s.pk: {} for s in schools}
    district_ratios: dict[str, Ratio] = {}
    for key, ind in REGISTRY.items():
        ratios = ind.compute(district, window, schools)
        for school in schools:
            per_school[school.pk][key] = ratios.get(school.pk)
        known = [r for r in ratios.values() if r is not None]
        district_ratios[key] = Ratio(
            sum((r.numerator for r in known), Decimal(0)),
            sum((r.denominator for r in known), Decimal(0)),
        )

    def cells(ratios: dict) -> list[SubsystemCell]:
        by_subsystem: dict[str, list[Result]] = {key: [] for key, _ in SUBSYSTEMS}
        for key, ind in REGISTRY.items():
            by_subsystem[ind.subsystem].append(
                Result(indicator=ind, goal=goals[key], ratio=ratios.get(key))
            )
        return [
            SubsystemCell(key=key, label=label, results=by_subsystem[key])
            for key, label in SUBSYSTEMS
        ]

    result = {school_id: cells(ratios) for school_id, ratios in per_school.items()}
    result[None] = cells(district_ratios)
    return result


def biggest_gaps(evaluated: dict, schools: list[School], limit: int = 8):
    """(school, result) pairs furthest from their goals, relative to the goal."""
    names = {s.pk: s for s in schools}
    gaps = [
        (names[school_id], result)
        for school_id, cells in evaluated.items()
        if school_id is not None
        for cell in cells
        for result in cell.results
        if result.status == GAP
    ]
    gaps.sort(key=lambda pair: (-pair[1].shortfall, pair[0].name))
    return gaps[:limit]


def _register_as_measures() -> None:
    """Any indicator can be the value of a measured key result (``indicator:<key>``)."""
    from subsystems.measures import MEASURES, Measure

    def compute_for(ind: Indicator):
        def compute(district, school, year):
            window = Window(start=year.school_year.start_date, end=year.today)
            schools = [school] if school is not None else []
            ratios = ind.compute(district, window, schools)
            if school is not None:
                ratio = ratios.get(school.pk)
            else:
                known = [r for r in ratios.values() if r is not None]
                ratio = Ratio(
                    sum((r.numerator for r in known), Decimal(0)),
                    sum((r.denominator for r in known), Decimal(0)),
                )
            return Result(indicator=ind, goal=ind.default_goal, ratio=ratio).value

        return compute

    for key, ind in REGISTRY.items():
        MEASURES[f"indicator:{key}"] = Measure(
            key=f"indicator:{key}",
            label=f"Indicator: {ind.label}",
            unit=ind.unit,
            compute=compute_for(ind),
        )


_register_as_measures()
