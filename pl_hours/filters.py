import django_filters

from districts.filters import DistrictFilterSet
from districts.models import Educator, School
from pl_hours.models import LedgerEntry, OtherActivity, WeeklyRollup


class ScopedChoicesMixin:
    """Offer only this district's schools and educators as filter choices."""

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        for name, model in (("school", School), ("educator", Educator)):
            if name in self.filters:
                self.filters[name].queryset = model.objects.for_district(district)


class LedgerEntryFilter(ScopedChoicesMixin, DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(
        field_name="educator__school", queryset=School.objects.none()
    )
    educator = django_filters.ModelChoiceFilter(queryset=Educator.objects.none())
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = LedgerEntry
        fields = ["school", "educator", "date_from", "date_to", "source_kind", "category"]


class RollupFilter(ScopedChoicesMixin, DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(queryset=Educator.objects.none())
    date_from = django_filters.DateFilter(field_name="week_start", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="week_start", lookup_expr="lte")

    class Meta:
        model = WeeklyRollup
        fields = ["school", "educator", "date_from", "date_to"]


class ActivityFilter(ScopedChoicesMixin, DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = OtherActivity
        fields = ["school", "educator", "date_from", "date_to", "kind"]
