from django import forms

from districts.models import District
from pl_hours.forms import ACTIVITY_FIELDS, ActivityForm
from subsystems.models import PDSession

DETAIL_FIELDS = ["title", "format", "school", *ACTIVITY_FIELDS, "models_practices", "description"]


class PDSessionForm(ActivityForm):
    default_minutes = 360

    class Meta:
        model = PDSession
        fields = DETAIL_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, district: District, schools, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["school"].queryset = schools

    def detail_fields(self):
        return [self[name] for name in DETAIL_FIELDS]
