"""Demo: this week's digest and today's reminders, as the beat job would have made them (in
the app only: nothing is e-mailed while seeding)."""

from datetime import timedelta

from outreach.services import digests_send, reminders_send


def seed(ctx) -> None:
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    digests_send(district=ctx.district, today=monday, email=False)
    if ctx.today.weekday() < 5:
        reminders_send(district=ctx.district, today=ctx.today, email=False)
