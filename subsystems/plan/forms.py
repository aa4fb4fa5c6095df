from django import forms

from districts.forms import DATE, DistrictModelForm, LimitedModelForm
from districts.models import District, Priority, User
from pl_hours.selectors import district_today
from subsystems.models import CheckIn, KeyResult, Objective, SchoolGoal
from subsystems.plan import measures


class VisionForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What mathematics learning should look like in every classroom.",
    )


class ObjectiveForm(DistrictModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "level", "school", "priority", "owner", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(memberships__district=district)
        self.fields["priority"].queryset = Priority.objects.for_district(district).filter(
            active=True
        )


class KeyResultForm(DistrictModelForm):
    measure = forms.ChoiceField(required=False)

    class Meta:
        model = KeyResult
        fields = ["title", "baseline", "target", "unit", "direction", "due_date", "measure"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["measure"].choices = measures.choices()
        self.fields["measure"].label = "Value comes from"


class CheckInForm(LimitedModelForm):
    class Meta:
        model = CheckIn
        fields = ["date", "value", "confidence", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = district_today(district)


class SchoolGoalForm(DistrictModelForm):
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A goal linked to no district priority is flagged as unaligned.",
    )

    class Meta:
        model = SchoolGoal
        fields = ["school", "title", "description", "priorities"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, district: District, schools, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["priorities"].queryset = Priority.objects.for_district(district)
        if not self.instance._state.adding:
            self.fields["priorities"].initial = list(self.instance.priorities.all())
