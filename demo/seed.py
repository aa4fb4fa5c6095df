"""The demo districts, seeded app by app in an explicit order.

Each app seeds its own records from the district its ``districts.demo`` step made
(the order matters: coaching needs the roster, the rollups need every activity in
the ledger, measured key results need the rollups).
"""

from collections.abc import Callable

import coaching.demo
import outreach.demo
import pl_hours.demo
import plcs.demo
import subsystems.leadership.demo
import subsystems.materials.demo
import subsystems.pd.demo
import subsystems.plan.demo
from districts.demo import DemoContext
from setup.libraries import library_adopt


def adopt_starter_libraries(ctx: DemoContext) -> None:
    """The look-fors a district starts from: NCTM's eight practices, adopted as any district
    would (the leadership seed then ties them to the demo's priorities)."""
    library_adopt(district=ctx.district, key="nctm-8")


SEEDERS: list[Callable[[DemoContext], None]] = [
    adopt_starter_libraries,  # NCTM's practices as the walkthrough form
    pl_hours.demo.seed,  # staff meetings and curriculum sessions
    plcs.demo.seed,  # teams and their weekly meetings
    coaching.demo.seed,  # cycles, sessions, coach time
    subsystems.pd.demo.seed,  # pull-out PD sessions and attendance
    subsystems.leadership.demo.seed,  # look-fors and walkthroughs
    subsystems.plan.demo.seed,  # vision, objectives, key results, school goals
    subsystems.materials.demo.seed,  # materials, pacing, intervention groups
    pl_hours.demo.finish,  # the rollups, once everything is in the ledger
    subsystems.plan.demo.finish,  # measured key results check themselves in
    outreach.demo.seed,  # this week's digest and today's reminders, in the app
]


def seed_district(ctx: DemoContext) -> None:
    for seeder in SEEDERS:
        seeder(ctx)
