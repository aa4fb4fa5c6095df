from django import forms

from districts.forms import LimitedModelForm
from districts.models import District, Educator
from pl_hours.forms import ACTIVITY_FIELDS, ActivityForm
from plcs.models import PLCMeeting, PLCTeam


class PLCTeamForm(LimitedModelForm):
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


class PLCMeetingForm(ActivityForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Team members are ticked; add anyone else from the school who joined.",
    )
    default_minutes = 45

    class Meta:
        model = PLCMeeting
        fields = [*ACTIVITY_FIELDS, "upcoming_unit", *PRACTICE_FIELDS, "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, district: District, team: PLCTeam, like: PLCMeeting | None = None, **kwargs
    ):
        self.team, self.like = team, like
        super().__init__(*args, district=district, **kwargs)
        if like is not None and self.instance._state.adding:
            self.fields["minutes"].initial = like.minutes
        self.fields["attendees"].queryset = Educator.objects.for_district(district).filter(
            active=True, school=team.school
        ) | Educator.objects.for_district(district).filter(plc_teams=team)
        if not self.instance._state.adding:
            self.fields["attendees"].initial = list(
                self.instance.attendance.values_list("educator_id", flat=True)
            )
        else:
            self.fields["attendees"].initial = list(team.members.values_list("pk", flat=True))

    def initial_split(self):
        """Unassigned: the person recording says how the time went (or starts from the
        team's last meeting)."""
        return self.like.split if self.like is not None else None

    def practice_fields(self):
        return [self[name] for name in PRACTICE_FIELDS]

    def detail_fields(self):
        return [self[name] for name in [*ACTIVITY_FIELDS, "upcoming_unit"]]
