"""Demo look-fors (NCTM's eight Mathematics Teaching Practices) and a term of walkthroughs."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from districts.models import LEADER_POSITIONS, Membership, Position
from pl_hours.rules import monday
from subsystems.leadership.services import look_for_save, walkthrough_feedback_deliver
from subsystems.models import LookFor, LookForSet, Rating, Walkthrough, WalkthroughRating

# Which demo priority each of NCTM's practices serves (by its position in the form).
PRACTICE_PRIORITIES = [0, 2, 1, 0, 0, 3, 2, 2]


def seed(ctx) -> None:
    district, rng = ctx.district, ctx.rng
    form = LookForSet.objects.for_district(district).get()  # adopted from the library
    look_fors = list(LookFor.objects.for_district(district).filter(look_for_set=form))
    for look_for, priority in zip(look_fors, PRACTICE_PRIORITIES, strict=True):
        look_for_save(
            district=district,
            look_for=look_for,
            look_for_set=form,
            title=look_for.title,
            description=look_for.description,
            priority=ctx.priorities[priority % len(ctx.priorities)],
            order=look_for.order,
        )
    coaches = [e for e in ctx.educators if e.position == Position.COACH]
    by_school: dict = {}
    for e in ctx.educators:
        by_school.setdefault(e.school_id, []).append(e)
    walkthroughs, ratings = [], []
    start = monday(ctx.school_year.start_date) + timedelta(weeks=2)
    for index, school in enumerate(ctx.schools):
        staff = by_school.get(school.pk, [])
        leaders = [e for e in staff if e.position in LEADER_POSITIONS]
        teachers = [e for e in staff if e.position == Position.TEACHER and e.teaches_math]
        coach = coaches[index % len(coaches)] if coaches else None
        strength = 0.25 + 0.1 * (index % 5)  # some schools further along than others
        per_week = 1 + index % 3
        week = start
        while week + timedelta(days=4) <= ctx.today and leaders and teachers:
            for _ in range(per_week):
                day = week + timedelta(days=rng.randint(0, 4))
                leader = rng.choice(leaders)
                with_coach = coach is not None and rng.random() < 0.3
                progress = (week - start).days / 300
                visit = Walkthrough(
                    district=district,
                    school=school,
                    observer=leader,
                    teacher=rng.choice(teachers),
                    date=day,
                    duration_minutes=rng.choice([10, 15, 20]),
                    look_for_set=form,
                    co_observer=coach if with_coach else None,
                    feedback_shared=rng.random() < 0.85,
                )
                if visit.feedback_shared:
                    visit.feedback_date = day + timedelta(days=rng.randint(0, 3))
                walkthroughs.append(visit)
                ratings += _ratings(district, rng, visit, look_fors, strength + progress)
                if with_coach and rng.random() < 0.6:
                    second = Walkthrough(
                        district=district,
                        school=school,
                        observer=coach,
                        teacher=visit.teacher,
                        date=day,
                        duration_minutes=visit.duration_minutes,
                        look_for_set=form,
                        same_visit_as=visit,
                    )
                    walkthroughs.append(second)
                    ratings += _ratings(
                        district,
                        rng,
                        second,
                        look_fors,
                        strength + progress,
                        like=ratings[-len(look_fors) :],
                    )
            week += timedelta(weeks=1)
    _visit_the_demo_teachers(ctx, walkthroughs)
    Walkthrough.objects.bulk_create(
        [w for w in walkthroughs if w.same_visit_as is None], batch_size=2000
    )
    Walkthrough.objects.bulk_create(
        [w for w in walkthroughs if w.same_visit_as is not None], batch_size=2000
    )
    WalkthroughRating.objects.bulk_create(ratings, batch_size=5000)
    _deliver_feedback(
        ctx, [w for w in walkthroughs if w.same_visit_as is None and w.feedback_shared]
    )


def _visit_the_demo_teachers(ctx, walkthroughs: list[Walkthrough]) -> None:
    """The latest visits at a demo teacher's school are to them, with feedback shared, so
    their login has feedback to read (no random draw: the other seeders' numbers stay)."""
    logins = set(
        Membership.objects.for_district(ctx.district)
        .filter(role="teacher", educator__isnull=False)
        .values_list("educator_id", flat=True)
    )
    for n, teacher in enumerate(e for e in ctx.educators if e.pk in logins):
        visits = [
            w for w in walkthroughs if w.school_id == teacher.school_id and w.same_visit_as is None
        ]
        for visit in visits[len(visits) - 2 * (n + 1) : len(visits) - 2 * n]:
            visit.teacher = teacher
            visit.feedback_shared = True
            visit.feedback_date = min(visit.date + timedelta(days=1), ctx.today)
            visit.feedback_note = "Thank you for the visit: the launch drew everyone in."
            for second in walkthroughs:
                if second.same_visit_as is visit:
                    second.teacher = teacher


REFLECTIONS = [
    "I will plan the turn-and-talk before the share-out next week.",
    "Fair: I rushed the launch. I'll time it tomorrow.",
    "Can we look at the student work from this lesson together?",
    "I'll try posting the goal in student language.",
]


def _deliver_feedback(ctx, shared: list[Walkthrough]) -> None:
    """Shared feedback reached its teacher the afternoon it was shared, and most teachers
    acknowledged it; the demo teachers' logins receive theirs as notices (in the app only)."""
    district = ctx.district
    rng = random.Random(f"{district.slug}-feedback")  # leaves the other seeders' numbers alone
    zone, now = ZoneInfo(district.time_zone), timezone.now()
    with_login = set(
        Membership.objects.for_district(district)
        .filter(educator__isnull=False)
        .values_list("educator_id", flat=True)
    )
    by_hand, for_logins = [], []
    for visit in shared:
        at = min(datetime.combine(visit.feedback_date, time(15, 30), tzinfo=zone), now)
        if visit.teacher_id in with_login:
            for_logins.append((visit, at))
            continue
        visit.feedback_delivered_at = at
        acknowledged = at + timedelta(hours=rng.randint(2, 40))
        if rng.random() < 0.7 and acknowledged < now:
            visit.feedback_acknowledged_at = acknowledged
            visit.teacher_reflection = rng.choice(REFLECTIONS) if rng.random() < 0.5 else ""
        by_hand.append(visit)
    Walkthrough.objects.bulk_update(
        by_hand,
        ["feedback_delivered_at", "feedback_acknowledged_at", "teacher_reflection"],
        batch_size=2000,
    )
    for visit, at in for_logins:
        walkthrough_feedback_deliver(district=district, walkthrough=visit, email=False, at=at)


def _ratings(district, rng, visit, look_fors, strength, like=None):
    result = []
    for n, look_for in enumerate(look_fors):
        if like is not None and rng.random() < 0.7:
            rating = like[n].rating  # co-observers mostly agree
        else:
            roll = rng.random()
            rating = (
                Rating.EVIDENT
                if roll < strength
                else Rating.EMERGING
                if roll < strength + 0.35
                else Rating.NOT_OBSERVED
            )
        result.append(
            WalkthroughRating(
                district=district, walkthrough=visit, look_for=look_for, rating=rating
            )
        )
    return result
