import django_filters

from districts.filters import DistrictFilterSet
from districts.models import Educator, School
from plcs.models import PLCMeeting, PLCTeam


class PLCTeamFilter(DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())

    class Meta:
        model = PLCTeam
        fields = ["school", "active"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.filters["school"].queryset = School.objects.for_district(district)


class PLCMeetingFilter(DistrictFilterSet):
    team = django_filters.ModelChoiceFilter(queryset=PLCTeam.objects.none())
    school = django_filters.ModelChoiceFilter(
        field_name="team__school", queryset=School.objects.none()
    )
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = PLCMeeting
        fields = ["team", "school", "educator", "date_from", "date_to"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.filters["team"].queryset = PLCTeam.objects.for_district(district)
        self.filters["school"].queryset = School.objects.for_district(district)
        self.filters["educator"].queryset = Educator.objects.for_district(district)
