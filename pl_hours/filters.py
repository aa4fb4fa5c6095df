import django_filters

from districts.filters import DatedFilterSet
from districts.models import Educator, School
from pl_hours.models import LedgerEntry, OtherActivity, WeeklyRollup


class LedgerEntryFilter(DatedFilterSet):
    school = django_filters.ModelChoiceFilter(
        field_name="educator__school", queryset=School.objects.none()
    )
    educator = django_filters.ModelChoiceFilter(queryset=Educator.objects.none())

    class Meta:
        model = LedgerEntry
        fields = ["school", "educator", "date_from", "date_to", "source_kind", "category"]


class RollupFilter(DatedFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(queryset=Educator.objects.none())
    date_from = django_filters.DateFilter(field_name="week_start", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="week_start", lookup_expr="lte")

    class Meta:
        model = WeeklyRollup
        fields = ["school", "educator", "date_from", "date_to"]


class ActivityFilter(DatedFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )

    class Meta:
        model = OtherActivity
        fields = ["school", "educator", "date_from", "date_to", "kind"]
