from django import forms

from districts.models import District, Educator, Priority, User
from pl_hours.selectors import district_today
from subsystems import measures
from subsystems.models import (
    CheckIn,
    InterventionGroup,
    KeyResult,
    Material,
    Objective,
    SchoolGoal,
    Unit,
)

DATE = forms.DateInput(attrs={"type": "date"})


class DistrictModelForm(forms.ModelForm):
    """A model form whose related choices come from one district."""

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.district = district
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is not None and hasattr(model.objects, "for_district"):
                field.queryset = model.objects.for_district(district)

    def validate_unique(self):
        pass  # uniqueness involving the district is checked by the services


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


class CheckInForm(forms.ModelForm):
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


class MaterialForm(DistrictModelForm):
    class Meta:
        model = Material
        fields = ["name", "publisher", "grade_band", "year_adopted"]


class UnitForm(DistrictModelForm):
    class Meta:
        model = Unit
        fields = ["material", "grade", "number", "title", "planned_start", "planned_end"]
        widgets = {"planned_start": DATE, "planned_end": DATE}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["material"].queryset = Material.objects.for_district(district)


class InterventionGroupForm(DistrictModelForm):
    class Meta:
        model = InterventionGroup
        fields = [
            "school",
            "grade",
            "name",
            "led_by",
            "lead_educator",
            "student_count",
            "minutes_per_week",
            "uses_core_representations",
            "collaboration_minutes_per_month",
            "active",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"inputmode": "numeric"})
            for name in ("student_count", "minutes_per_week", "collaboration_minutes_per_month")
        }
        error_messages = {
            "student_count": {
                "invalid": "Enter the number of students as a number: students are counted, "
                "never named."
            },
        }

    def __init__(self, *args, district: District, schools, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["lead_educator"].queryset = (
            Educator.objects.for_district(district)
            .filter(school__in=schools, active=True)
            .select_related("school")
        )
