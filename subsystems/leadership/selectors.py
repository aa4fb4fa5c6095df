"""Reads for the subsystems pages: walkthrough trends and co-observation calibration."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from districts.corrections import Change, change_log, recently_deleted
from districts.models import District
from subsystems.models import LookFor, Rating, Walkthrough, WalkthroughRating


@dataclass
class TrendRow:
    look_for: LookFor
    months: dict[date, tuple[int, int]] = field(default_factory=dict)  # month → (evident, all)

    def share(self, month: date) -> float | None:
        evident, total = self.months.get(month, (0, 0))
        return evident / total if total else None


def look_for_trend(
    district: District, walkthroughs: QuerySet[Walkthrough], look_fors: QuerySet[LookFor]
) -> tuple[list[date], list[TrendRow]]:
    """Share of ratings that were 'evident', per look-for and month, in one query."""
    rows = (
        WalkthroughRating.objects.for_district(district)
        .filter(walkthrough__in=walkthroughs, look_for__in=look_fors)
        .annotate(month=TruncMonth("walkthrough__date"))
        .values("look_for_id", "month")
        .annotate(total=Count("pk"), evident=Count("pk", filter=Q(rating=Rating.EVIDENT)))
    )
    trend = {lf.pk: TrendRow(look_for=lf) for lf in look_fors}
    months = set()
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "hour") else row["month"]
        months.add(month)
        trend[row["look_for_id"]].months[month] = (row["evident"], row["total"])
    return sorted(months), list(trend.values())


@dataclass
class PairAgreement:
    first: Walkthrough
    second: Walkthrough
    items: list[tuple[LookFor, str, str]]  # look-for, first's rating, second's rating

    @property
    def agreed(self) -> int:
        return sum(1 for _, a, b in self.items if a == b)

    @property
    def share(self) -> float | None:
        return self.agreed / len(self.items) if self.items else None


@dataclass
class Calibration:
    pairs: list[PairAgreement]
    by_look_for: list[tuple[LookFor, int, int]]  # look-for, agreed, compared

    @property
    def agreed(self) -> int:
        return sum(p.agreed for p in self.pairs)

    @property
    def compared(self) -> int:
        return sum(len(p.items) for p in self.pairs)

    @property
    def share(self) -> float | None:
        return self.agreed / self.compared if self.compared else None


def calibration(district: District, walkthroughs: QuerySet[Walkthrough]) -> Calibration:
    """Agreement between two observers' records of the same visits.

    A look-for counts as compared when both rated it (including 'not observed');
    they agree when the ratings are the same.
    """
    seconds = list(
        walkthroughs.filter(same_visit_as__isnull=False)
        .select_related("same_visit_as", "observer", "same_visit_as__observer", "teacher")
        .order_by("-date")
    )
    ids = [w.pk for w in seconds] + [w.same_visit_as_id for w in seconds if w.same_visit_as_id]
    ratings: dict[Any, dict[Any, tuple[LookFor, str]]] = defaultdict(dict)
    rated = WalkthroughRating.objects.for_district(district).filter(walkthrough_id__in=ids)
    for r in rated.select_related("look_for"):
        ratings[r.walkthrough_id][r.look_for_id] = (r.look_for, r.rating)
    pairs: list[PairAgreement] = []
    per_look_for: dict[Any, tuple[LookFor, int, int]] = {}
    for second in seconds:
        first = second.same_visit_as
        assert first is not None  # the query keeps records of a visit made twice
        items = []
        for pk, (look_for, rating) in ratings[first.pk].items():
            if pk in ratings[second.pk]:
                other = ratings[second.pk][pk][1]
                items.append((look_for, rating, other))
                agreed, compared = per_look_for.get(pk, (look_for, 0, 0))[1:]
                per_look_for[pk] = (look_for, agreed + (rating == other), compared + 1)
        items.sort(key=lambda item: (item[0].order, item[0].title))
        pairs.append(PairAgreement(first=first, second=second, items=items))
    by_look_for = sorted(per_look_for.values(), key=lambda v: (v[0].order, v[0].title))
    return Calibration(pairs=pairs, by_look_for=by_look_for)


def walkthrough_counts(district: District, start: date, end: date) -> dict[str, int]:
    """How many visits a window had (a calibration record is the same visit), and how many
    of them with a coach."""
    return (
        Walkthrough.objects.for_district(district)
        .filter(date__range=(start, end), same_visit_as__isnull=True)
        .aggregate(visits=Count("pk"), co_observed=Count("pk", filter=Q(co_observer__isnull=False)))
    )


def deleted_walkthroughs(district: District) -> list:
    """Walkthroughs deleted in the days they can be restored (a calibration record goes
    with the visit it calibrates, so only visits are listed)."""
    return [
        entry for entry in recently_deleted(Walkthrough, district) if entry.same_visit_as_id is None
    ]


# What a walkthrough's history shows only to those who may read the teacher's reflection.
REFLECTION_FIELDS = frozenset({"teacher_reflection"})


def walkthrough_history(walkthrough: Walkthrough, *, with_reflection: bool) -> list[Change]:
    return change_log(
        walkthrough,
        [(WalkthroughRating, "walkthrough", "look_for")],
        hidden=() if with_reflection else REFLECTION_FIELDS,
    )


# Feedback is due 48 hours after the visit; reminders stop a month after it.
FEEDBACK_DUE_DAYS, FEEDBACK_REMINDED_FOR_DAYS = 2, 30


def feedback_not_shared(district: District, today: date) -> QuerySet[Walkthrough]:
    """Visits to one teacher whose feedback the observer has not shared two days (48 hours)
    after the visit, in the month after it (a calibration record is the coach's own)."""
    return (
        Walkthrough.objects.for_district(district)
        .filter(
            teacher__isnull=False,
            same_visit_as__isnull=True,
            feedback_shared=False,
            date__lte=today - timedelta(days=FEEDBACK_DUE_DAYS),
            date__gte=today - timedelta(days=FEEDBACK_REMINDED_FOR_DAYS),
        )
        .select_related("teacher", "observer", "school")
        .order_by("date")
    )
