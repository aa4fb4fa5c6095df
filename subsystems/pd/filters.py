import django_filters

from districts.filters import DatedFilterSet
from districts.models import Educator, School
from subsystems.models import PDSession


class PDSessionFilter(DatedFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )
    # Not "format": that query parameter picks the response's format (JSON, CSV).
    format_kind = django_filters.ChoiceFilter(
        field_name="format", choices=PDSession._meta.get_field("format").choices
    )

    class Meta:
        model = PDSession
        fields = ["school", "educator", "date_from", "date_to", "format_kind"]
