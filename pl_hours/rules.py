"""The domain rules that define every number, as pure functions.

Nothing here touches the database, so each rule is tested with hand-computed
figures (see tests/pl_hours/test_rules.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models

from districts.models import monday_of as monday  # noqa: F401  (one definition of a week's Monday)


class Category(models.TextChoices):
    """How PL time was used, in the research's five categories."""

    LOGISTICS = "logistics", "Logistics"
    PACING = "pacing", "Pacing"
    SURFACE_STRATEGIES = "surface_strategies", "Surface-level strategies"
    UNFOCUSED_TALK = "unfocused_talk", "Unfocused instructional talk"
    INSTRUCTIONAL_PLANNING = "instructional_planning", "Instructional planning tied to lessons"


CATEGORIES: tuple[str, ...] = tuple(Category.values)
MEANINGFUL = Category.INSTRUCTIONAL_PLANNING

# The research baseline: share of collaborative time by use.
RESEARCH_SPLIT: dict[str, Decimal] = {
    Category.LOGISTICS: Decimal("0.35"),
    Category.PACING: Decimal("0.08"),
    Category.SURFACE_STRATEGIES: Decimal("0.24"),
    Category.UNFOCUSED_TALK: Decimal("0.08"),
    Category.INSTRUCTIONAL_PLANNING: Decimal("0.24"),
}
RESEARCH_PLANNING_SHARE = RESEARCH_SPLIT[Category.INSTRUCTIONAL_PLANNING]


class SplitError(ValueError):
    """A time-use split that does not fit its duration; the message says by how much."""


def split_problem(split: dict[str, int], duration: int) -> str | None:
    """None when the split is valid for the duration, else a message for the person."""
    if duration is None or duration <= 0:
        return "The duration must be more than 0 minutes."
    negative = [c for c in CATEGORIES if (split.get(c) or 0) < 0]
    if negative:
        names = ", ".join(Category(c).label.lower() for c in negative)
        return f"Minutes cannot be negative ({names})."
    unknown = set(split) - set(CATEGORIES)
    if unknown:
        return f"Unknown time-use categories: {', '.join(sorted(unknown))}."
    assigned = sum(split.get(c) or 0 for c in CATEGORIES)
    difference = assigned - duration
    if difference == 0:
        return None
    if difference < 0:
        return (
            f"The time-use split adds up to {assigned} minutes, {-difference} fewer than the "
            f"{duration}-minute duration. Assign the remaining {-difference} minutes."
        )
    return (
        f"The time-use split adds up to {assigned} minutes, {difference} more than the "
        f"{duration}-minute duration. Remove {difference} minutes."
    )


def validate_split(split: dict[str, int], duration: int) -> None:
    problem = split_problem(split, duration)
    if problem:
        raise SplitError(problem)


def apportion(weights: Mapping[str, int | Decimal], total: int) -> dict[str, int]:
    """Share ``total`` whole minutes across categories in proportion to ``weights``.

    Largest remainder: each category gets the floor of its exact share; the
    minutes left over go, one each, to the categories with the largest
    fractional parts, ties broken by the fixed category order. The result adds
    up exactly to ``total``.
    """
    # Exact rational arithmetic, so equal shares tie exactly and the order decides.
    weight_sum = sum(Fraction(weights.get(c) or 0) for c in CATEGORIES)
    if weight_sum <= 0:
        raise SplitError("Nothing to share the minutes by.")
    shares, remainders = {}, []
    for order, category in enumerate(CATEGORIES):
        exact = Fraction(weights.get(category) or 0) * total / weight_sum
        shares[category] = int(exact)  # floor: everything here is non-negative
        remainders.append((-(exact - shares[category]), order, category))
    left = total - sum(shares.values())
    for _, _, category in sorted(remainders)[:left]:
        shares[category] += 1
    return shares


def scale_split(split: dict[str, int], duration: int, attended: int) -> dict[str, int]:
    """Scale an activity's split to the minutes one person attended (largest remainder)."""
    validate_split(split, duration)
    if not 0 <= attended <= duration:
        raise SplitError(f"Attended minutes must be between 0 and {duration}.")
    return apportion(split, attended)


def default_split(kind: str, minutes: int) -> dict[str, int]:
    """A sensible starting split: coaching is all planning, a staff meeting all logistics."""
    category = Category.LOGISTICS if kind == "staff_meeting" else Category.INSTRUCTIONAL_PLANNING
    return {c: (minutes if c == category else 0) for c in CATEGORIES}


# --- Weeks, targets, status and projection ------------------------------------------------


def weeks_overlapping(start: date, end: date) -> list[date]:
    """Every Monday whose week (Monday–Sunday) overlaps [start, end]."""
    week, last = monday(start), monday(end)
    weeks = []
    while week <= last:
        weeks.append(week)
        week += timedelta(weeks=1)
    return weeks


def instructional_weeks(start: date, end: date, breaks: set[date]) -> list[date]:
    return [week for week in weeks_overlapping(start, end) if week not in breaks]


def completed_weeks(weeks: list[date], today: date) -> list[date]:
    """Weeks that have ended (their Sunday is before ``today``)."""
    return [week for week in weeks if week + timedelta(days=7) <= today]


class Status(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


def prorated_target(target_hours: Decimal, completed: int, total: int) -> Decimal:
    if total <= 0:
        return Decimal(0)
    return Decimal(target_hours) * completed / total


def status_for(hours: Decimal, prorated: Decimal) -> str:
    """on_track at ≥ 100 % of the pro-rated target, at_risk at ≥ 50 %, else off_track."""
    if prorated <= 0 or hours >= prorated:
        return Status.ON_TRACK
    if hours * 2 >= prorated:
        return Status.AT_RISK
    return Status.OFF_TRACK


PROJECTION_WINDOW = 6


def projection(ytd_hours: Decimal, recent_weekly_hours: list[Decimal], remaining: int) -> Decimal:
    """Year-to-date hours plus the mean of the last completed weeks × weeks remaining."""
    recent = recent_weekly_hours[-PROJECTION_WINDOW:]
    if not recent or remaining <= 0:
        return Decimal(ytd_hours)
    mean = sum(recent, Decimal(0)) / len(recent)
    return Decimal(ytd_hours) + mean * remaining


def hours(minutes: int | None, per: int = 1) -> Decimal:
    """Minutes as hours to the hundredth (``per`` educators: the mean), rounded once."""
    return (Decimal(minutes or 0) / 60 / per).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearWeeks:
    """A school year's instructional weeks, seen from one day: all of them, those completed
    (their Sunday has passed), and the rest (the current week counted once)."""

    all: list[date]
    completed: list[date]

    @property
    def remaining(self) -> int:
        return len(self.all) - len(self.completed)

    @property
    def recent(self) -> list[date]:
        return self.completed[-PROJECTION_WINDOW:]

    def from_start(self, start: date | None) -> "YearWeeks":
        """An educator's weeks: from the first instructional week on or after their start
        (``None``: they were there from the year's start)."""
        if start is None:
            return self
        return YearWeeks(
            all=[w for w in self.all if w >= start],
            completed=[w for w in self.completed if w >= start],
        )

    def prorated(self, target_hours: Decimal) -> Decimal:
        """The target due by now: target × completed weeks ÷ all weeks."""
        return prorated_target(target_hours, len(self.completed), len(self.all))
