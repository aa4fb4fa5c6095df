"""Demo look-fors (NCTM's eight Mathematics Teaching Practices) and a term of walkthroughs."""

from datetime import timedelta

from districts.models import LEADER_POSITIONS, Position
from pl_hours.rules import monday
from subsystems.models import LookFor, LookForSet, Rating, Walkthrough, WalkthroughRating

# The titles NCTM published in Principles to Actions (2014); districts edit them.
TEACHING_PRACTICES = [
    ("Establish mathematics goals to focus learning", 0),
    ("Implement tasks that promote reasoning and problem solving", 2),
    ("Use and connect mathematical representations", 1),
    ("Facilitate meaningful mathematical discourse", 0),
    ("Pose purposeful questions", 0),
    ("Build procedural fluency from conceptual understanding", 3),
    ("Support productive struggle in learning mathematics", 2),
    ("Elicit and use evidence of student thinking", 2),
]


def seed(ctx) -> None:
    district, rng = ctx.district, ctx.rng
    form = LookForSet.objects.create(
        district=district,
        name="Mathematics Teaching Practices",
        description="NCTM's eight effective mathematics teaching practices.",
    )
    look_fors = LookFor.objects.bulk_create(
        LookFor(
            district=district,
            look_for_set=form,
            title=title,
            order=n,
            priority=ctx.priorities[priority % len(ctx.priorities)],
        )
        for n, (title, priority) in enumerate(TEACHING_PRACTICES, start=1)
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
    Walkthrough.objects.bulk_create(
        [w for w in walkthroughs if w.same_visit_as is None], batch_size=2000
    )
    Walkthrough.objects.bulk_create(
        [w for w in walkthroughs if w.same_visit_as is not None], batch_size=2000
    )
    WalkthroughRating.objects.bulk_create(ratings, batch_size=5000)


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
