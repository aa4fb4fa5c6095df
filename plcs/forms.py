from django import forms

from districts.models import District, Educator, School
from pl_hours.forms import ACTIVITY_FIELDS, SplitFormMixin, initial_split_of, scope_priority
from pl_hours.rules import default_split
from plcs.models import PLCMeeting, PLCTeam


class PLCTeamForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = PLCTeam
        fields = ["school", "name", "grade_band", "facilitator", "members", "active"]

    def __init__(self, *args, district: District, schools, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["school"].queryset = schools
        self.fields["facilitator"].queryset = educators
        self.fields["members"].queryset = educators
        if not self.instance._state.adding:
            self.fields["members"].initial = list(self.instance.members.all())

    def validate_unique(self):
        school, name = self.cleaned_data.get("school"), self.cleaned_data.get("name")
        clash = PLCTeam.objects.for_district(self.instance.district).filter(
            school=school, name__iexact=name
        )
        if school and name and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "This school already has a team with this name.")


PRACTICE_FIELDS = list(PLCMeeting.PRACTICES)


class PLCMeetingForm(SplitFormMixin, forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Team members are ticked; add anyone else from the school who joined.",
    )

    class Meta:
        model = PLCMeeting
        fields = [*ACTIVITY_FIELDS, "upcoming_unit", *PRACTICE_FIELDS, "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, team: PLCTeam, **kwargs):
        super().__init__(*args, **kwargs)
        scope_priority(self, district)
        self.fields["attendees"].queryset = Educator.objects.for_district(district).filter(
            active=True, school=team.school
        ) | Educator.objects.for_district(district).filter(plc_teams=team)
        if not self.instance._state.adding:
            self.fields["attendees"].initial = list(
                self.instance.attendance.values_list("educator_id", flat=True)
            )
            initial_split = initial_split_of(self.instance)
        else:
            self.fields["attendees"].initial = list(team.members.values_list("pk", flat=True))
            self.fields["minutes"].initial = 45
            initial_split = default_split("plc_meeting", 45)
        self.add_split_fields(initial_split)

    def practice_fields(self):
        return [self[name] for name in PRACTICE_FIELDS]

    def detail_fields(self):
        names = [*ACTIVITY_FIELDS, "upcoming_unit"]
        return [self[name] for name in names]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "minutes": data["minutes"],
            "math_specific": data["math_specific"],
            "priority": data["priority"],
            "split": self.cleaned_split,
            "attendees": list(data["attendees"]),
            "upcoming_unit": data["upcoming_unit"],
            "notes": data["notes"],
            **{name: data[name] for name in PRACTICE_FIELDS},
        }


def team_form_choices(district: District, membership):
    schools = School.objects.for_district(district)
    if not membership.is_admin:
        schools = schools.filter(pk__in=membership.school_ids())
    educators = Educator.objects.for_district(district).filter(active=True, school__in=schools)
    return schools, educators.select_related("school")
