"""The ledger and rollups: regenerate on edit, remove on delete, idempotent SQL."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from districts.models import DirtyWeek, School
from districts.services import school_save
from pl_hours.models import LedgerEntry, WeeklyRollup
from pl_hours.rollups import rollups_recompute, rollups_recompute_dirty
from pl_hours.rules import CATEGORIES, monday
from pl_hours.services import other_activity_delete, other_activity_save

LOG, PAC, SURF, UNF, PLAN = CATEGORIES
MONDAY = date(2026, 9, 14)


def split(log=0, pac=0, surf=0, unf=0, plan=0):
    return {LOG: log, PAC: pac, SURF: surf, UNF: unf, PLAN: plan}


def record(tenant, attendance, *, minutes=60, the_split=None, day=MONDAY, activity=None, **kw):
    return other_activity_save(
        district=tenant.district,
        activity=activity,
        kind=kw.get("kind", "curriculum_session"),
        title=kw.get("title", "Unit 3 launch"),
        date=day,
        minutes=minutes,
        math_specific=kw.get("math_specific", True),
        priority=kw.get("priority"),
        school=tenant.school,
        split=the_split or split(log=15, pac=5, plan=40),
        attendance=attendance,
    )


def ledger(educator):
    return dict(LedgerEntry.objects.filter(educator=educator).values_list("category", "minutes"))


@pytest.mark.django_db
def test_partial_attendance_is_scaled_and_adds_up(cast):
    full, partial = cast.a.teacher.educator, cast.a.teacher2.educator
    record(cast.a, {full.pk: None, partial.pk: 45})
    assert ledger(full) == {LOG: 15, PAC: 5, PLAN: 40}
    assert ledger(partial) == {LOG: 11, PAC: 4, PLAN: 30}  # by hand in test_rules


@pytest.mark.django_db
def test_editing_regenerates_and_deleting_removes(cast):
    teacher, teacher2 = cast.a.teacher.educator, cast.a.teacher2.educator
    activity = record(cast.a, {teacher.pk: None, teacher2.pk: None})
    record(cast.a, {teacher.pk: None}, the_split=split(log=60), activity=activity)
    assert ledger(teacher) == {LOG: 60}
    assert ledger(teacher2) == {}
    other_activity_delete(district=cast.a.district, activity=activity)
    assert not LedgerEntry.objects.filter(source_id=activity.pk).exists()


@pytest.mark.django_db
def test_a_bad_split_is_refused_and_nothing_is_written(cast):
    with pytest.raises(ValidationError) as caught:
        record(cast.a, {cast.a.teacher.educator.pk: None}, the_split=split(log=10, plan=40))
    assert "50 minutes, 10 fewer than the 60-minute duration" in " ".join(caught.value.messages)
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_an_educator_of_another_district_is_refused(cast):
    with pytest.raises(ValidationError):
        record(cast.a, {cast.b.teacher.educator.pk: None})
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_attending_longer_than_the_activity_is_refused(cast):
    with pytest.raises(ValidationError):
        record(cast.a, {cast.a.teacher.educator.pk: 61})


@pytest.mark.django_db
def test_writes_mark_their_weeks_dirty(cast):
    activity = record(cast.a, {cast.a.teacher.educator.pk: None})
    # Eager tasks run on commit; inside the test transaction the mark is still there.
    assert set(DirtyWeek.objects.values_list("week_start", flat=True)) == {MONDAY}
    record(cast.a, {cast.a.teacher.educator.pk: None}, day=date(2026, 9, 23), activity=activity)
    # Moving the activity dirties both the old and the new week.
    assert set(DirtyWeek.objects.values_list("week_start", flat=True)) == {
        MONDAY,
        date(2026, 9, 21),
    }


def rollup_rows(district):
    return sorted(
        WeeklyRollup.objects.for_district(district).values_list(
            "educator_id",
            "week_start",
            "school_id",
            "total_minutes",
            "math_minutes",
            "meaningful_minutes",
            "aligned_minutes",
            "logistics_minutes",
            "pacing_minutes",
            "surface_strategies_minutes",
            "unfocused_talk_minutes",
            "instructional_planning_minutes",
        )
    )


@pytest.mark.django_db
def test_rollup_figures_by_hand(cast):
    from districts.models import Priority

    teacher = cast.a.teacher.educator
    priority = Priority.objects.for_district(cast.a.district).first()
    record(cast.a, {teacher.pk: None}, priority=priority)  # 15 L, 5 P, 40 I, aligned
    record(
        cast.a,
        {teacher.pk: None},
        the_split=split(surf=20, plan=10),
        minutes=30,
        math_specific=False,
    )
    record(cast.a, {teacher.pk: None}, the_split=split(plan=45), minutes=45)  # no priority
    rollups_recompute(district=cast.a.district)
    row = WeeklyRollup.objects.get(educator=teacher)
    assert row.school_id == cast.a.school.pk
    assert row.total_minutes == 60 + 30 + 45
    assert row.math_minutes == 60 + 45
    assert row.meaningful_minutes == 40 + 45  # the non-math planning does not count
    assert row.aligned_minutes == 40
    assert (row.logistics_minutes, row.surface_strategies_minutes) == (15, 20)
    assert row.instructional_planning_minutes == 40 + 10 + 45


@pytest.mark.django_db
def test_an_inactive_priority_does_not_align(cast):
    from districts.models import Priority

    priority = Priority.objects.for_district(cast.a.district).first()
    priority.active = False
    priority.save()
    record(cast.a, {cast.a.teacher.educator.pk: None}, priority=priority)
    rollups_recompute(district=cast.a.district)
    assert WeeklyRollup.objects.get().aligned_minutes == 0


@pytest.mark.django_db
def test_recompute_is_idempotent(cast):
    record(cast.a, {cast.a.teacher.educator.pk: None, cast.a.teacher2.educator.pk: 30})
    rollups_recompute(district=cast.a.district)
    first = rollup_rows(cast.a.district)
    rollups_recompute(district=cast.a.district)
    assert rollup_rows(cast.a.district) == first
    assert len(first) == 2


@pytest.mark.django_db
def test_recompute_writes_only_the_rows_that_changed(cast):
    teacher, teacher2 = cast.a.teacher.educator, cast.a.teacher2.educator
    record(cast.a, {teacher.pk: None, teacher2.pk: 30})
    assert rollups_recompute(district=cast.a.district) == 2
    stamps = dict(WeeklyRollup.objects.values_list("educator_id", "computed_at"))
    assert rollups_recompute(district=cast.a.district) == 0  # nothing changed: nothing written
    assert dict(WeeklyRollup.objects.values_list("educator_id", "computed_at")) == stamps
    # A teacher who moves school: their rollup follows at the next recompute, and their
    # minutes move from one school's week to the other's; teacher2's row is untouched.
    teacher.school = cast.a.other_school
    teacher.save()
    assert rollups_recompute(district=cast.a.district) == 1
    assert WeeklyRollup.objects.get(educator=teacher).school_id == cast.a.other_school.pk
    assert WeeklyRollup.objects.get(educator=teacher2).computed_at == stamps[teacher2.pk]
    by_school = {school: total for school, _, total, *_ in school_week_rows(cast.a.district)}
    assert by_school == {cast.a.school.pk: 30, cast.a.other_school.pk: 60}


@pytest.mark.django_db
def test_recomputing_some_weeks_leaves_the_others_alone(cast):
    teacher = cast.a.teacher.educator
    week2_day = date(2026, 9, 22)
    record(cast.a, {teacher.pk: None})
    week2 = record(cast.a, {teacher.pk: None}, day=week2_day, the_split=split(plan=60))
    rollups_recompute(district=cast.a.district)
    before = rollup_rows(cast.a.district), school_week_rows(cast.a.district)
    assert len(before[0]) == len(before[1]) == 2

    # Recomputing week 2 alone, unchanged, keeps week 1's rows (educator and school).
    rollups_recompute(district=cast.a.district, weeks=[monday(week2_day)])
    assert (rollup_rows(cast.a.district), school_week_rows(cast.a.district)) == before

    # Week 2's ledger goes; recomputing week 2 alone removes only week 2's rows.
    other_activity_delete(district=cast.a.district, activity=week2)
    rollups_recompute(district=cast.a.district, weeks=[monday(week2_day)])
    assert rollup_rows(cast.a.district) == before[0][:1]
    assert school_week_rows(cast.a.district) == before[1][:1]


@pytest.mark.django_db
def test_incremental_recompute_matches_a_full_one(cast):
    t1, t2 = cast.a.teacher.educator, cast.a.teacher2.educator
    record(cast.a, {t1.pk: None})
    week2 = record(cast.a, {t1.pk: None, t2.pk: 20}, day=date(2026, 9, 22))
    rollups_recompute(district=cast.a.district)
    # Changes after the full recompute: an edit, a deletion, a new activity.
    record(cast.a, {t2.pk: None}, day=date(2026, 9, 22), activity=week2, the_split=split(plan=60))
    removed = record(cast.a, {t1.pk: None}, day=date(2026, 10, 5))
    other_activity_delete(district=cast.a.district, activity=removed)
    record(cast.a, {t1.pk: 10}, day=date(2026, 10, 14))
    weeks = rollups_recompute_dirty(district_id=cast.a.district.pk)
    assert date(2026, 9, 21) in weeks and date(2026, 10, 5) in weeks
    incremental = rollup_rows(cast.a.district)
    assert not DirtyWeek.objects.exists()

    WeeklyRollup.objects.all().delete()
    rollups_recompute(district=cast.a.district)
    assert rollup_rows(cast.a.district) == incremental
    # The deleted activity's week has no rollup left, the edited one has the new figures.
    assert not WeeklyRollup.objects.filter(week_start=date(2026, 10, 5)).exists()
    assert (
        WeeklyRollup.objects.get(educator=t2, week_start=date(2026, 9, 21)).meaningful_minutes == 60
    )


@pytest.mark.django_db
def test_a_week_marked_again_during_a_recompute_stays_dirty(cast):
    from django.utils import timezone

    record(cast.a, {cast.a.teacher.educator.pk: None})
    mark = DirtyWeek.objects.get()
    # Simulate a writer re-marking the week after the drain read it.
    original = rollups_recompute

    def recompute_then_remark(**kwargs):
        result = original(**kwargs)
        DirtyWeek.objects.filter(pk=mark.pk).update(marked_at=timezone.now())
        return result

    import pl_hours.rollups as services

    services.rollups_recompute, saved = recompute_then_remark, services.rollups_recompute
    try:
        rollups_recompute_dirty(district_id=cast.a.district.pk)
    finally:
        services.rollups_recompute = saved
    assert DirtyWeek.objects.filter(pk=mark.pk).exists()


@pytest.mark.django_db
def test_rollups_of_one_district_never_touch_another(cast):
    record(cast.a, {cast.a.teacher.educator.pk: None})
    record(cast.b, {cast.b.teacher.educator.pk: None})
    rollups_recompute(district=cast.a.district)
    assert WeeklyRollup.objects.for_district(cast.b.district).count() == 0
    assert WeeklyRollup.objects.for_district(cast.a.district).count() == 1


def school_week_rows(district):
    from pl_hours.models import SchoolWeekRollup

    return sorted(
        SchoolWeekRollup.objects.for_district(district).values_list(
            "school_id",
            "week_start",
            "total_minutes",
            "meaningful_minutes",
            "aligned_minutes",
            "logistics_minutes",
            "instructional_planning_minutes",
        )
    )


@pytest.mark.django_db
def test_school_weeks_sum_the_math_teachers_and_follow_incremental_recomputes(cast):
    from pl_hours import selectors

    t1, t2, coach = cast.a.teacher.educator, cast.a.teacher2.educator, cast.a.coach.educator
    record(cast.a, {t1.pk: None, t2.pk: 30, coach.pk: None})  # the coach is not counted
    rollups_recompute(district=cast.a.district)
    rows = school_week_rows(cast.a.district)
    # 60 (15 L, 5 P, 40 I) + 30 scaled (8 L, 2 P, 20 I) = 90 minutes, 60 meaningful.
    assert rows == [(cast.a.school.pk, MONDAY, 90, 60, 0, 23, 60)]

    week2 = record(cast.a, {t2.pk: None}, day=date(2026, 9, 22), the_split=split(plan=60))
    other_activity_delete(district=cast.a.district, activity=week2)
    record(cast.a, {t1.pk: None}, day=date(2026, 10, 6))
    rollups_recompute_dirty(district_id=cast.a.district.pk)
    incremental = school_week_rows(cast.a.district)
    rollups_recompute(district=cast.a.district)
    assert school_week_rows(cast.a.district) == incremental
    assert len(incremental) == 2

    # The dashboard's totals from school weeks equal the sum over the educators' rows.
    year = selectors.year_in_view(cast.a.district, today=date(2026, 11, 2))
    by_school = selectors.totals_from_school_weeks(year)
    by_educator = selectors.group_hours(
        year, selectors.educator_rows(year, selectors.participants(cast.a.district))
    )
    assert by_school.minutes == by_educator.minutes
    assert by_school.educators == by_educator.educators
    assert by_school.meaningful_hours == by_educator.meaningful_hours
    # So do each school's, as the board report's table of all schools reads them, with the
    # hours page's line for the school (a school without math teachers has none).
    school_save(district=cast.a.district, name="No Math Teachers Yet", code="NOMATH")
    schools = list(School.objects.for_district(cast.a.district))
    per_school = selectors.school_totals_from_school_weeks(year, [s.pk for s in schools])
    _, lines = selectors.district_hours(year, schools)
    for line in lines:
        totals = per_school[line.school.pk]
        assert totals.minutes == line.hours.minutes
        assert totals.educators == line.hours.educators
        assert totals.meaningful_hours == line.hours.meaningful_hours
        assert totals.status == line.hours.status
    assert any(per_school[s.pk].educators for s in schools)
    assert any(not per_school[s.pk].educators for s in schools)

    # A teacher who leaves drops out of the school's sums at the next recompute: the first
    # week keeps teacher2's 30 minutes, the week only they had is gone.
    t1.active = False
    t1.save()
    rollups_recompute(district=cast.a.district)
    assert [(week, total) for _, week, total, *_ in school_week_rows(cast.a.district)] == [
        (MONDAY, 30)
    ]


@pytest.mark.django_db
def test_a_write_succeeds_when_the_broker_is_down(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    from pl_hours.tasks import recompute_dirty_weeks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(recompute_dirty_weeks, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        activity = record(cast.a, {cast.a.teacher.educator.pk: None})
    assert LedgerEntry.objects.filter(source_id=activity.pk).exists()
    # The week stays marked, so the next task or the Monday job recomputes it.
    assert DirtyWeek.objects.filter(week_start=MONDAY).exists()
    assert rollups_recompute_dirty(district_id=cast.a.district.pk) == [MONDAY]
    assert WeeklyRollup.objects.filter(educator=cast.a.teacher.educator).exists()
