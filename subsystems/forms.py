from django import forms

from districts.models import District
from pl_hours.forms import ACTIVITY_FIELDS, SplitFormMixin, initial_split_of, scope_priority
from subsystems.models import PDSession


class PDSessionForm(SplitFormMixin, forms.ModelForm):
    class Meta:
        model = PDSession
        fields = ["title", "format", "school", *ACTIVITY_FIELDS, "models_practices", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, schools, **kwargs):
        super().__init__(*args, **kwargs)
        scope_priority(self, district)
        self.fields["school"].queryset = schools
        if self.instance._state.adding:
            self.fields["minutes"].initial = 360
        self.add_split_fields(initial_split_of(self.instance))

    def detail_fields(self):
        names = ["title", "format", "school", *ACTIVITY_FIELDS, "models_practices", "description"]
        return [self[name] for name in names]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **{
                name: data[name]
                for name in [
                    "title",
                    "format",
                    "school",
                    *ACTIVITY_FIELDS,
                    "models_practices",
                    "description",
                ]
            },
            "split": self.cleaned_split,
        }
