import django_filters

from coaching.models import CoachingCycle, CoachingSession
from districts.filters import DatedFilterSet, DistrictFilterSet
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


class SessionFilter(DatedFilterSet):
    cycle = django_filters.ModelChoiceFilter(queryset=CoachingCycle.objects.none())

    class Meta:
        model = CoachingSession
        fields = ["cycle", "kind", "date_from", "date_to"]
