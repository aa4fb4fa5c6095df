"""Pure rules for objectives & key results (tested with hand-computed figures)."""

from datetime import date
from decimal import Decimal

from subsystems.models import Confidence, Direction


def progress(baseline: Decimal, target: Decimal, current: Decimal | None) -> Decimal | None:
    """(current − baseline) ÷ (target − baseline), clamped to 0–1.

    Works for both directions: for a decrease the target is below the baseline,
    so both differences are negative. None when there is nothing to measure.
    """
    if current is None or target == baseline:
        return None
    share = (Decimal(current) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline))
    return min(max(share, Decimal(0)), Decimal(1))


def direction_problem(direction: str, baseline: Decimal, target: Decimal) -> str | None:
    if target == baseline:
        return "The target must differ from the baseline."
    if direction == Direction.INCREASE and target < baseline:
        return "To increase, the target must be above the baseline."
    if direction == Direction.DECREASE and target > baseline:
        return "To decrease, the target must be below the baseline."
    return None


def measured_confidence(progress_share: Decimal | None, start: date, due: date, today: date) -> str:
    """For a measured check-in: on track when progress keeps pace with the time elapsed,
    at risk at half that pace, off track below."""
    if progress_share is None:
        return Confidence.AT_RISK
    span = (due - start).days
    elapsed = Decimal(min(max((today - start).days, 0), span)) / span if span > 0 else Decimal(1)
    if progress_share >= elapsed:
        return Confidence.ON_TRACK
    if progress_share * 2 >= elapsed:
        return Confidence.AT_RISK
    return Confidence.OFF_TRACK
