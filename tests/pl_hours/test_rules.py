"""The domain rules, with hand-computed figures."""

from datetime import date
from decimal import Decimal

import pytest

from pl_hours.rules import (
    CATEGORIES,
    RESEARCH_SPLIT,
    SplitError,
    apportion,
    completed_weeks,
    default_split,
    instructional_weeks,
    projection,
    prorated_target,
    scale_split,
    split_problem,
    status_for,
    weeks_overlapping,
)

LOG, PAC, SURF, UNF, PLAN = (
    CATEGORIES  # logistics, pacing, surface, unfocused, instructional planning
)


def split(log=0, pac=0, surf=0, unf=0, plan=0):
    return {LOG: log, PAC: pac, SURF: surf, UNF: unf, PLAN: plan}


class TestSplitValidation:
    def test_a_split_that_adds_up_is_valid(self):
        assert split_problem(split(log=10, plan=50), 60) is None

    def test_too_few_minutes_names_the_difference(self):
        message = split_problem(split(log=10, plan=35), 60)
        assert "45 minutes, 15 fewer than the 60-minute duration" in message

    def test_too_many_minutes_names_the_difference(self):
        message = split_problem(split(log=30, plan=40), 60)
        assert "70 minutes, 10 more than the 60-minute duration" in message

    def test_negative_minutes_are_refused(self):
        assert "cannot be negative" in split_problem(split(log=-5, plan=65), 60)

    def test_zero_duration_is_refused(self):
        assert "more than 0" in split_problem(split(), 0)


class TestLargestRemainder:
    def test_full_attendance_keeps_the_split(self):
        assert scale_split(split(log=15, pac=5, plan=40), 60, 60) == split(log=15, pac=5, plan=40)

    def test_half_attendance_by_hand(self):
        # 45 of 60 minutes: exact shares 11.25, 3.75, 30 → floors 11, 3, 30 = 44;
        # the one minute left goes to pacing (.75 beats .25).
        assert scale_split(split(log=15, pac=5, plan=40), 60, 45) == split(log=11, pac=4, plan=30)

    def test_ties_go_to_the_earlier_category(self):
        # 10 of 20: 5.5 and 4.5 → floors 5, 4; the remaining minute: both .5, logistics first.
        assert scale_split(split(log=11, plan=9), 20, 10) == split(log=6, plan=4)

    @pytest.mark.parametrize("attended", range(0, 91))
    def test_rows_always_add_up_to_the_attended_minutes(self, attended):
        scaled = scale_split(split(log=7, pac=13, surf=17, unf=19, plan=34), 90, attended)
        assert sum(scaled.values()) == attended
        assert all(m >= 0 for m in scaled.values())

    def test_attending_longer_than_the_activity_is_refused(self):
        with pytest.raises(SplitError):
            scale_split(split(plan=60), 60, 61)

    def test_research_proportions_are_normalised(self):
        # The research shares add up to 99 %; 300 minutes by hand:
        # 106.06, 24.24, 72.73, 24.24, 72.73 → floors 298; surface and planning (.727) get +1.
        assert apportion(RESEARCH_SPLIT, 300) == split(log=106, pac=24, surf=73, unf=24, plan=73)


def test_default_splits():
    assert default_split("coaching_session", 45) == split(plan=45)
    assert default_split("staff_meeting", 30) == split(log=30)


class TestWeeks:
    def test_weeks_start_on_monday_and_overlap_the_year(self):
        # Wednesday 2026-09-02 to Tuesday 2026-09-15 overlaps three weeks.
        assert weeks_overlapping(date(2026, 9, 2), date(2026, 9, 15)) == [
            date(2026, 8, 31),
            date(2026, 9, 7),
            date(2026, 9, 14),
        ]

    def test_breaks_are_not_instructional(self):
        weeks = instructional_weeks(date(2026, 9, 2), date(2026, 9, 15), {date(2026, 9, 7)})
        assert weeks == [date(2026, 8, 31), date(2026, 9, 14)]

    def test_a_week_is_completed_once_its_sunday_is_past(self):
        weeks = [date(2026, 8, 31), date(2026, 9, 7)]
        assert completed_weeks(weeks, date(2026, 9, 6)) == []  # Sunday of week 1
        assert completed_weeks(weeks, date(2026, 9, 7)) == [date(2026, 8, 31)]


class TestTargetsAndStatus:
    def test_prorated_target(self):
        # 49 h × 14 completed of 36 weeks = 19.0555…
        assert prorated_target(Decimal(49), 14, 36) == Decimal(49) * 14 / 36

    @pytest.mark.parametrize(
        ("hours", "status"),
        [
            ("20", "on_track"),
            ("10", "on_track"),
            ("9.99", "at_risk"),
            ("5", "at_risk"),
            ("4.99", "off_track"),
            ("0", "off_track"),
        ],
    )
    def test_status_thresholds(self, hours, status):
        assert status_for(Decimal(hours), Decimal(10)) == status

    def test_nothing_is_due_before_the_first_week_ends(self):
        assert status_for(Decimal(0), Decimal(0)) == "on_track"

    def test_projection_uses_the_last_six_completed_weeks(self):
        weekly = [Decimal(x) for x in ("9", "9", "1", "2", "0", "1", "2", "0")]
        # last six: 1, 2, 0, 1, 2, 0 → mean 1; 10 h so far + 1 × 20 weeks left
        assert projection(Decimal(10), weekly, 20) == Decimal(30)

    def test_projection_with_no_completed_weeks_is_the_year_to_date(self):
        assert projection(Decimal("1.5"), [], 30) == Decimal("1.5")
