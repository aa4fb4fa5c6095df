from django import forms

from districts.forms import DATE, DistrictModelForm
from districts.models import District, Educator
from subsystems.models import InterventionGroup, Material, Unit


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
