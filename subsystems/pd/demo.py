"""Demo pull-out PD: an opening day, after-school sessions, a mid-year half day."""

from datetime import timedelta
from decimal import Decimal

from districts.models import Position
from pl_hours.ledger import LedgerSource, ledger_regenerate_many
from pl_hours.rules import apportion
from subsystems.models import PDAttendance, PDFormat, PDSession


def seed(ctx) -> None:
    district, rng, year = ctx.district, ctx.rng, ctx.school_year
    teachers = [
        e
        for e in ctx.educators
        if e.teaches_math and e.position in (Position.TEACHER, Position.INTERVENTIONIST)
    ]
    plan = [
        (
            "Opening day: the year's math priorities",
            PDFormat.FULL_DAY,
            year.start_date,
            300,
            Decimal("0.20"),
            1.0,
            False,
        ),
        (
            "Number talks that build reasoning",
            PDFormat.AFTER_SCHOOL,
            year.start_date + timedelta(weeks=5, days=2),
            90,
            Decimal("0.55"),
            0.35,
            True,
        ),
        (
            "Tape diagrams across grades",
            PDFormat.AFTER_SCHOOL,
            year.start_date + timedelta(weeks=10, days=2),
            90,
            Decimal("0.60"),
            0.3,
            True,
        ),
        (
            "Mid-year half day: planning the next units",
            PDFormat.HALF_DAY,
            year.start_date + timedelta(weeks=22),
            150,
            Decimal("0.45"),
            1.0,
            True,
        ),
        (
            "Spring institute: rehearsing lessons",
            PDFormat.AFTER_SCHOOL,
            year.start_date + timedelta(weeks=30, days=2),
            120,
            Decimal("0.70"),
            0.3,
            True,
        ),
    ]
    sessions, attendance, sources = [], [], []
    for index, (title, fmt, day, minutes, planning, reach, models) in enumerate(plan):
        if day > ctx.today:
            continue
        rest = 1 - planning
        split = apportion(
            {
                "logistics": rest * Decimal("0.3"),
                "pacing": rest * Decimal("0.1"),
                "surface_strategies": rest * Decimal("0.5"),
                "unfocused_talk": rest * Decimal("0.1"),
                "instructional_planning": planning,
            },
            minutes,
        )
        session = PDSession(
            district=district,
            title=title,
            format=fmt,
            date=day,
            minutes=minutes,
            math_specific=True,
            models_practices=models,
            priority=ctx.priorities[index % len(ctx.priorities)] if index else None,
            **{f"minutes_{c}": m for c, m in split.items()},
        )
        sessions.append(session)
        present = []
        for teacher in teachers:
            if rng.random() < reach:
                attended = minutes if rng.random() > 0.07 else minutes // 2
                present.append((teacher.pk, attended))
                attendance.append(
                    PDAttendance(
                        district=district,
                        session=session,
                        educator=teacher,
                        attended_minutes=attended,
                    )
                )
        sources.append(
            (
                LedgerSource(
                    kind="pd_session",
                    id=session.pk,
                    title=title,
                    date=day,
                    minutes=minutes,
                    split=split,
                    math_specific=True,
                    priority_id=session.priority.pk if session.priority else None,
                ),
                present,
            )
        )
    PDSession.objects.bulk_create(sessions)
    PDAttendance.objects.bulk_create(attendance, batch_size=5000)
    ledger_regenerate_many(district=district, activities=sources)
