"""The alignment indicators: is each subsystem of each school pulling in the district's
direction? One module of indicator functions per subsystem registers them; ``registry``
holds the registry and the evaluation."""

from subsystems.indicators import coaching, leadership, materials, pd, plcs, vision  # noqa: F401
from subsystems.indicators.registry import (
    GAP,
    MET,
    NO_DATA,
    REGISTRY,
    SUBSYSTEMS,
    Evaluation,
    Indicator,
    Ratio,
    Result,
    Subsystem,
    SubsystemCell,
    Window,
    biggest_gaps,
    evaluate,
    goals_for,
    ratio_for,
    value_of,
    year_to_date,
)

__all__ = [
    "GAP",
    "MET",
    "NO_DATA",
    "REGISTRY",
    "SUBSYSTEMS",
    "Evaluation",
    "Indicator",
    "Ratio",
    "Result",
    "Subsystem",
    "SubsystemCell",
    "Window",
    "biggest_gaps",
    "evaluate",
    "goals_for",
    "ratio_for",
    "value_of",
    "year_to_date",
]
