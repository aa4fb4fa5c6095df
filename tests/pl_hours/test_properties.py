"""The rules that define the numbers, held for every input (hypothesis), not a few examples."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from districts.models import District, SchoolYear
from pl_hours.models import LedgerEntry, WeeklyRollup
from pl_hours.rollups import rollups_recompute
from pl_hours.rules import (
    CATEGORIES,
    YearWeeks,
    apportion,
    completed_weeks,
    instructional_weeks,
    scale_split,
)
from pl_hours.selectors import Hours, Starts, Year
from pl_hours.services import other_activity_save

MINUTES = st.integers(min_value=1, max_value=720)


@st.composite
def splits(draw, minutes=None):
    """A valid time-use split: whole minutes per category that add up to the duration."""
    total = draw(minutes or MINUTES)
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=4, max_size=4)))
    bounds = [0, *cuts, total]
    return total, {c: bounds[i + 1] - bounds[i] for i, c in enumerate(CATEGORIES)}


@given(splits(), st.data())
def test_scaling_sums_exactly_and_never_moves_a_minute_to_an_empty_category(split, data):
    minutes, shares = split
    attended = data.draw(st.integers(0, minutes))
    scaled = scale_split(shares, minutes, attended)
    assert sum(scaled.values()) == attended
    for category, share in shares.items():
        if share == 0:
            assert scaled[category] == 0
        assert 0 <= scaled[category] <= share


@given(st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 500), min_size=1), MINUTES)
def test_apportioning_any_weights_adds_up(weights, total):
    if not any(weights.values()):
        return
    shares = apportion(weights, total)
    assert sum(shares.values()) == total
    assert all(shares[c] == 0 for c in CATEGORIES if not weights.get(c))


ATTENDANCE = st.lists(st.integers(1, 720), min_size=1, max_size=2)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(splits(), ATTENDANCE, st.booleans())
def test_ledger_rows_add_up_per_attendee_and_meaningful_within_math_within_total(
    cast, split, attended, math_specific
):
    minutes, shares = split
    a = cast.a
    people = [a.teacher.educator, a.teacher2.educator]
    attendance = {
        person.pk: min(minutes, extra) for person, extra in zip(people, attended, strict=False)
    }
    activity = other_activity_save(
        district=a.district,
        kind="curriculum_session",
        title="A session",
        date=date(2026, 9, 16),
        minutes=minutes,
        math_specific=math_specific,
        school=a.school,
        split=shares,
        attendance=attendance,
    )
    rows = LedgerEntry.objects.filter(source_id=activity.pk)
    for person, expected in attendance.items():
        assert rows.filter(educator=person).aggregate(m=Sum("minutes"))["m"] == expected
    rollups_recompute(district=a.district)
    for rollup in WeeklyRollup.objects.for_district(a.district):
        assert 0 <= rollup.meaningful_minutes <= rollup.math_minutes <= rollup.total_minutes
        assert rollup.aligned_minutes <= rollup.meaningful_minutes
    activity.delete()  # the next example starts from the same ledger
    LedgerEntry.objects.filter(source_id=activity.pk).delete()


# --- Status and projection of a teacher exactly on pace -----------------------------------

START = date(2026, 8, 17)  # a Monday


def on_pace_year(weeks: int, target: int, today: date) -> Year:
    district = District(slug="x", name="X", pl_target_hours=Decimal(target))
    school_year = SchoolYear(
        district=district,
        name="Y",
        start_date=START,
        end_date=START + timedelta(weeks=weeks, days=-3),
    )
    all_weeks = instructional_weeks(school_year.start_date, school_year.end_date, set())
    return Year(
        district=district,
        school_year=school_year,
        today=today,
        weeks=YearWeeks(all=all_weeks, completed=completed_weeks(all_weeks, today)),
        first_week=START,
    )


@given(
    st.sampled_from([(40, 40), (36, 36), (30, 60), (24, 48)]),  # (weeks, target hours)
    st.integers(0, 40),
    st.integers(0, 6),
)
def test_a_teacher_exactly_on_pace_is_on_track_and_projects_the_target(pace, done, weekday):
    weeks, target = pace
    done = min(done, weeks)
    today = START + timedelta(weeks=done, days=weekday)
    year = on_pace_year(weeks, target, today)
    per_week = target * 60 // weeks  # whole minutes: the targets divide evenly
    completed = len(year.weeks.completed)
    assert completed == done
    recent = [per_week] * len(year.weeks.recent)
    hours = Hours(
        year=year,
        educators=1,
        minutes={
            "total": per_week * completed,
            "math": per_week * completed,
            "meaningful": per_week * completed,
            "aligned": 0,
            **dict.fromkeys(CATEGORIES, 0),
        },
        recent_meaningful=recent,
        this_week=per_week if weekday and done < weeks else 0,  # the current week apart
        starts=Starts({None: 1}),
    )
    assert hours.prorated_target == Decimal(target) * completed / weeks
    assert hours.status == "on_track"
    if completed >= 6:
        assert hours.projection == Decimal(target)


@pytest.mark.django_db
def test_the_current_week_is_shown_apart_and_counted_once(cast, travel):
    """On pace through the selectors: hours of completed weeks against the target of
    completed weeks, this week so far beside them, and a projection of exactly the target."""
    from pl_hours import selectors
    from pl_hours.services import manual_entry_record

    a = cast.a
    District.objects.filter(pk=a.district.pk).update(pl_target_hours=43)  # 43 weeks: 1 h a week
    a.district.refresh_from_db()
    teacher = a.teacher.educator
    travel(date(2026, 11, 4))  # a Wednesday: 11 weeks completed, the 12th under way
    for week in range(12):
        manual_entry_record(
            district=a.district,
            educator=teacher,
            date=START + timedelta(weeks=week, days=1),
            description=f"Lesson study {week}",
            minutes=60,
            category="instructional_planning",
        )
    rollups_recompute(district=a.district)
    year = selectors.year_in_view(a.district)
    assert len(year.weeks.all) == 43 and len(year.weeks.completed) == 11
    hours = selectors.educator_hours(year, teacher)
    assert hours.meaningful_hours == Decimal(11)  # the completed weeks only
    assert hours.this_week_hours == Decimal(1)  # shown apart
    assert hours.prorated_target == Decimal(11)
    assert hours.status == "on_track"
    assert hours.projection == Decimal(43)  # 11 + 1 h × 32 weeks not yet completed
