"""The district's goals for the alignment indicators, saved all or none."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.bounds import PERCENT, RATE, Bound
from districts.models import District
from subsystems.indicators.registry import REGISTRY
from subsystems.models import IndicatorGoal


def goal_bound(unit: str) -> Bound:
    """A goal's bounds: a percentage 0–100, any other rate 0–1,000."""
    return PERCENT if unit == "%" else RATE


@transaction.atomic
def indicator_goals_save(*, district: District, goals: dict[str, str]) -> dict[str, Decimal]:
    """Set the district's goal for every indicator, all or none.

    ``goals`` maps indicator keys to what was typed; any bad value raises a
    ValidationError naming that indicator, and nothing is saved.
    """
    cleaned, errors = {}, {}
    for key, indicator in REGISTRY.items():
        bound = goal_bound(indicator.unit)
        try:
            value = Decimal(str(goals.get(key, "")).strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not bound.contains(value):
            errors[key] = [bound.message]
            continue
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    for key, value in cleaned.items():
        IndicatorGoal.objects.for_district(district).update_or_create(
            district=district, key=key, defaults={"goal": value}
        )
    return cleaned
