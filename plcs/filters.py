import django_filters

from districts.filters import DatedFilterSet, DistrictFilterSet
from districts.models import Educator, School
from plcs.models import PLCMeeting, PLCTeam


class PLCTeamFilter(DistrictFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none())

    class Meta:
        model = PLCTeam
        fields = ["school", "active"]


class PLCMeetingFilter(DatedFilterSet):
    team = django_filters.ModelChoiceFilter(queryset=PLCTeam.objects.none())
    school = django_filters.ModelChoiceFilter(
        field_name="team__school", queryset=School.objects.none()
    )
    educator = django_filters.ModelChoiceFilter(
        field_name="attendance__educator", queryset=Educator.objects.none()
    )

    class Meta:
        model = PLCMeeting
        fields = ["team", "school", "educator", "date_from", "date_to"]
