import django_filters

from coaching.models import CoachingCycle, CoachingSession
from districts.filters import DistrictFilterSet
from districts.models import Educator, School


class CycleFilter(DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    coach = django_filters.ModelChoiceFilter(queryset=Educator.objects.none())
    educator = django_filters.ModelChoiceFilter(
        field_name="teachers", queryset=Educator.objects.none()
    )

    class Meta:
        model = CoachingCycle
        fields = ["school", "coach", "educator", "status"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.filters["school"].queryset = School.objects.for_district(district)
        for name in ("coach", "educator"):
            self.filters[name].queryset = Educator.objects.for_district(district)


class SessionFilter(DistrictFilterSet):
    cycle = django_filters.ModelChoiceFilter(queryset=CoachingCycle.objects.none())
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = CoachingSession
        fields = ["cycle", "kind", "date_from", "date_to"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.filters["cycle"].queryset = CoachingCycle.objects.for_district(district)
