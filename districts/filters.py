import django_filters
from django.db.models import Q

from districts.models import Educator, Membership, Position, Role, School


class EducatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or e-mail")
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())
    position = django_filters.ChoiceFilter(choices=Position.choices)
    active = django_filters.BooleanFilter()

    class Meta:
        model = Educator
        fields = ["q", "school", "position", "active"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = School.objects.for_district(district)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")

    class Meta:
        model = School
        fields = ["q", "grade_band", "active"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)


class MembershipFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
