import django_filters

from districts.filters import DistrictFilterSet
from districts.models import Educator, School
from pl_hours.filters import ScopedChoicesMixin
from subsystems.models import PDSession


class PDSessionFilter(ScopedChoicesMixin, DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = PDSession
        fields = ["school", "educator", "date_from", "date_to", "format"]
