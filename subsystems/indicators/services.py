"""The district's goals for the alignment indicators, saved all or none."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from districts.models import District
from subsystems.indicators.registry import REGISTRY
from subsystems.models import IndicatorGoal


@transaction.atomic
def indicator_goals_save(*, district: District, goals: dict[str, str]) -> dict[str, Decimal]:
    """Set the district's goal for every indicator, all or none.

    ``goals`` maps indicator keys to what was typed; any bad value raises a
    ValidationError naming that indicator, and nothing is saved.
    """
    cleaned, errors = {}, {}
    for key, indicator in REGISTRY.items():
        try:
            value = Decimal(str(goals.get(key, "")).strip())
            if value < 0 or (indicator.unit == "%" and value > 100):
                raise InvalidOperation
        except InvalidOperation:
            errors[key] = [
                "Enter a number from 0 to 100."
                if indicator.unit == "%"
                else "Enter a number of 0 or more."
            ]
            continue
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    for key, value in cleaned.items():
        IndicatorGoal.objects.for_district(district).update_or_create(
            district=district, key=key, defaults={"goal": value}
        )
    return cleaned
