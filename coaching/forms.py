from django import forms

from coaching.models import ENTERED_DUTIES, CoachingCycle, CoachingSession, Duty
from districts.forms import LimitedModelForm
from districts.models import PARTICIPANT_POSITIONS, District, Educator, Position, Priority
from districts.permissions import schools_in_scope
from pl_hours.forms import ActivityForm
from pl_hours.selectors import district_today

DATE = forms.DateInput(attrs={"type": "date"})


class CoachingCycleForm(LimitedModelForm):
    teachers = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CoachingCycle
        fields = [
            "coach",
            "school",
            "teachers",
            "focus",
            "goal",
            "start_date",
            "end_date",
            "status",
            "next_session_on",
            "outcome",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "next_session_on": DATE,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        coaches = Educator.objects.for_district(district).filter(position=Position.COACH)
        schools = schools_in_scope(membership)
        teachers = Educator.objects.for_district(district).filter(
            active=True, position__in=PARTICIPANT_POSITIONS
        )
        if not membership.is_admin:
            coaches = coaches.filter(pk=membership.educator_id)
            teachers = teachers.filter(school__in=schools)
            self.fields["coach"].initial = membership.educator_id
        self.fields["coach"].queryset = coaches
        self.fields["school"].queryset = schools
        self.fields["teachers"].queryset = teachers.select_related("school").order_by(
            "school__name", "last_name"
        )
        self.fields["teachers"].label_from_instance = lambda e: f"{e.full_name} ({e.school})"
        self.fields["focus"].queryset = Priority.objects.for_district(district).filter(active=True)
        if self.instance._state.adding:
            self.fields["start_date"].initial = district_today(district)
        else:
            self.fields["teachers"].initial = list(self.instance.teachers.all())


class CoachingSessionForm(ActivityForm):
    blank_split_kind = "coaching_session"  # left empty: all of it was planning
    default_minutes = 45
    teachers_present = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Teachers present",
    )

    class Meta:
        model = CoachingSession
        fields = [
            "date",
            "kind",
            "minutes",
            "teachers_present",
            "notes",
            "next_steps",
            "shared_with_teachers",
            "math_specific",
        ]
        widgets = {
            "date": DATE,
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, district: District, cycle: CoachingCycle, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["teachers_present"].queryset = cycle.teachers.all()
        self.fields["teachers_present"].initial = list(
            cycle.teachers.all()
            if self.instance._state.adding
            else self.instance.teachers_present.all()
        )
        self.fields["minutes"].min_value = 1

    def quick_fields(self):
        names = ("date", "kind", "minutes", "teachers_present", "notes", "next_steps")
        return [self[n] for n in (*names, "shared_with_teachers")]


class CoachWeekForm(forms.Form):
    week_start = forms.DateField(label="Week of (any day in it)", widget=DATE)
    note = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for duty in ENTERED_DUTIES:
            self.fields[duty] = forms.IntegerField(
                label=f"{Duty(duty).label} (minutes)",
                min_value=0,
                required=False,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.order_fields(["week_start", *ENTERED_DUTIES, "note"])
