import django_filters
from django.db.models import Q

from districts.models import Educator, Membership, Position, Role, School


class DistrictFilterSet(django_filters.FilterSet):
    """A filter set that knows its district: every record it offers as a choice (a school,
    an educator, a team) is that district's."""

    def __init__(self, *args, district=None, **kwargs):
        self.district = district
        super().__init__(*args, **kwargs)
        for field in self.filters.values():
            choices = getattr(field, "queryset", None)
            if choices is not None and hasattr(choices.model.objects, "for_district"):
                field.queryset = choices.model.objects.for_district(district)


class DatedFilterSet(DistrictFilterSet):
    """A district's dated records, filtered from and to a date (both included)."""

    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")


class EducatorFilter(DistrictFilterSet):
    q = django_filters.CharFilter(method="search", label="Name or e-mail")
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    position = django_filters.ChoiceFilter(choices=Position.choices)
    active = django_filters.BooleanFilter()

    class Meta:
        model = Educator
        fields = ["q", "school", "position", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )


class SchoolFilter(DistrictFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")

    class Meta:
        model = School
        fields = ["q", "grade_band", "active"]


class MembershipFilter(DistrictFilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["role"]
