"""Every number and text that enters, bounded in one place per kind.

A ``Bound`` gives a model field its validators (which forms, serializers and services all
run through ``full_clean``) and its database CHECK, and gives hand-written form and
serializer fields the same limits and the same message. The README lists them.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length


@dataclass(frozen=True)
class Bound:
    """Whole numbers (or decimals) from ``low`` to ``high``, both included."""

    low: int | Decimal
    high: int | Decimal
    unit: str

    @property
    def message(self) -> str:
        whole = "" if isinstance(self.low, Decimal) else "whole number of "
        return f"Enter a {whole}{self.unit} from {self.low:,} to {self.high:,}."

    def validators(self) -> list:
        return [
            MinValueValidator(self.low, message=self.message),
            MaxValueValidator(self.high, message=self.message),
        ]

    def contains(self, value: Any) -> bool:
        return value is not None and self.low <= value <= self.high

    def check(self, field: str, name: str) -> models.CheckConstraint:
        """The database's own refusal of a value out of bounds."""
        return models.CheckConstraint(
            condition=models.Q(**{f"{field}__gte": self.low, f"{field}__lte": self.high}),
            name=name,
        )

    def form_kwargs(self) -> dict[str, Any]:
        """Limits for a hand-written form or serializer field."""
        return {
            "min_value": self.low,
            "max_value": self.high,
            "error_messages": {"min_value": self.message, "max_value": self.message},
        }


def limits_of(model_field: Any) -> dict[str, MinValueValidator | MaxValueValidator]:
    """A model field's lower and upper limit validators, as ``{"min": …, "max": …}``."""
    kinds = {MinValueValidator: "min", MaxValueValidator: "max"}
    return {
        kinds[type(validator)]: validator
        for validator in getattr(model_field, "validators", [])
        if type(validator) in kinds
    }


# Durations (whole minutes)
ACTIVITY_MINUTES = Bound(1, 720, "minutes")  # a PLC meeting, PD session, staff meeting: a day
COACHING_SESSION_MINUTES = Bound(1, 480, "minutes")  # a session with a coach
MANUAL_ENTRY_MINUTES = Bound(1, 720, "minutes")  # a day of PL recorded elsewhere
WALKTHROUGH_MINUTES = Bound(1, 240, "minutes")  # time in the room
COACH_DUTY_MINUTES = Bound(0, 3000, "minutes")  # one duty in one week (a 50-hour week)
GROUP_MINUTES_PER_WEEK = Bound(0, 1500, "minutes a week")  # five days of 5 hours
COLLABORATION_MINUTES_PER_MONTH = Bound(0, 2400, "minutes a month")

# Counts and ordering
STUDENT_COUNT = Bound(1, 60, "students")  # an intervention group (counted, never named)
UNIT_NUMBER = Bound(1, 99, "unit numbers")
YEAR_ADOPTED = Bound(1990, 2100, "years")
ORDER = Bound(0, 999, "positions")  # where a priority, form or look-for stands in its list

# Targets, goals and key results
PL_TARGET_HOURS = Bound(Decimal(1), Decimal(200), "hours")  # per educator per school year
PERCENT = Bound(Decimal(0), Decimal(100), "percentage")  # a share, ×100
RATE = Bound(Decimal(0), Decimal(1000), "number")  # a rate such as walkthroughs per month
KEY_RESULT_VALUE = Bound(Decimal(0), Decimal(1_000_000), "number")  # any unit but "%"

# Free text (characters)
SHORT_TEXT = 200  # titles and names (their columns' own length)
NOTE_TEXT = 5000  # notes, notes of feedback, a vision statement
DESCRIPTION_TEXT = 2000  # descriptions, goals, evidence, a check-in's note
REFLECTION_TEXT = 1000  # a teacher's short reflection on feedback they received
EMAIL_ERROR_TEXT = 1000  # what a mail server answered when it refused a message


def key_result_bound(unit: str) -> Bound:
    """What a key result's baseline, target and check-ins may be, by the unit it counts in."""
    return PERCENT if unit.strip() == "%" else KEY_RESULT_VALUE


def text_limit(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own refusal of a text longer than its limit (TEXT has none)."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), limit), name=name
    )
