from datetime import date, timedelta

from django import forms
from django.core.exceptions import FieldDoesNotExist

from districts.bounds import limits_of
from districts.models import (
    RESEARCH_HOURS_NEEDED,
    RESEARCH_HOURS_TYPICAL,
    District,
    Educator,
    Membership,
    Priority,
    Role,
    School,
    SchoolYear,
    monday_of,
)

DATE = forms.DateInput(attrs={"type": "date"})


class LimitedModelForm(forms.ModelForm):
    """A model form whose number fields carry their model field's bounds.

    The model's validators already refuse a value out of bounds (with the bound's message);
    this gives the form field the same limits, so the page's inputs say them too (``min``
    and ``max`` for the browser and screen readers) and the message comes before the model
    is built.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                limit_to_model_field(field, self._meta.model, name)


def limit_to_model_field(field: forms.Field, model: type, name: str) -> None:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return
    for kind, validator in limits_of(model_field).items():
        setattr(field, f"{kind}_value", validator.limit_value)
        field.error_messages[f"{kind}_value"] = validator.message
        field.widget.attrs[kind] = validator.limit_value
        field.validators = [v for v in field.validators if not isinstance(v, type(validator))]
        field.validators.append(validator)


class DistrictModelForm(LimitedModelForm):
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


class DistrictScopedForm(forms.Form):
    """A form whose choices come from one district only."""

    def __init__(self, *args, district: District, **kwargs):
        self.district = district
        super().__init__(*args, **kwargs)


class SchoolForm(LimitedModelForm):
    class Meta:
        model = School
        fields = ["name", "code", "grade_band", "active"]

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district

    def validate_unique(self):
        # district is not a form field, so check the (district, code) constraint here
        # to show a field error instead of an integrity error.
        code = self.cleaned_data.get("code")
        clash = School.objects.for_district(self.instance.district).filter(code=code)
        if code and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("code", "Another school in this district already has this code.")


class EducatorForm(LimitedModelForm):
    class Meta:
        model = Educator
        fields = [
            "first_name",
            "last_name",
            "email",
            "school",
            "position",
            "teaches_math",
            "active",
            "start_date",
        ]
        widgets = {"start_date": DATE}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["school"].queryset = School.objects.for_district(district)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = Educator.objects.for_district(self.instance.district).filter(email__iexact=email)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone on the roster already has this e-mail.")
        return email

    def validate_unique(self):
        pass  # e-mail uniqueness is checked in clean_email, per district


class MembershipForm(DistrictScopedForm):
    role = forms.ChoiceField(choices=Role.choices)
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Schools a school leader or coach works with.",
    )
    educator = forms.ModelChoiceField(
        queryset=Educator.objects.none(),
        required=False,
        label="Roster record",
        help_text="Their own entry on the roster, so they see their own hours.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.for_district(self.district)
        self.fields["educator"].queryset = Educator.objects.for_district(
            self.district
        ).select_related("school")

    def clean(self):
        data = super().clean()
        role, schools = data.get("role"), data.get("schools")
        if role in (Role.SCHOOL_LEADER, Role.COACH) and not schools:
            self.add_error("schools", "Pick at least one school for a school leader or coach.")
        return data


class MembershipInviteForm(MembershipForm):
    email = forms.EmailField()
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "role", "schools", "educator"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            Membership.objects.for_district(self.district)
            .filter(user__email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError("This person is already a member of the district.")
        return email


class PriorityForm(LimitedModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description", "active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district

    def validate_unique(self):
        title = self.cleaned_data.get("title")
        clash = Priority.objects.for_district(self.instance.district).filter(title__iexact=title)
        if title and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("title", "The district already has a priority with this title.")


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A schools file or an educators file, UTF-8, up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class DistrictSettingsForm(LimitedModelForm):
    class Meta:
        model = District
        fields = ["name", "time_zone", "pl_target_hours", "summer_pl_counts_next_year"]
        labels = {"pl_target_hours": "PL target (meaningful hours per educator per year)"}
        help_texts = {
            "time_zone": "“Today”, the weeks and the Monday jobs follow it.",
            "pl_target_hours": f"Research puts the need at about {RESEARCH_HOURS_NEEDED} "
            "hours of meaningful math PL a year; teachers typically get about "
            f"{RESEARCH_HOURS_TYPICAL}.",
        }


class SchoolYearForm(LimitedModelForm):
    """A school year's name and dates, and — once it has dates — its break weeks, one
    checkbox (and an optional label) per week of the year."""

    class Meta:
        model = SchoolYear
        fields = ["name", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {"end_date": "The last day of school."}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        year = self.instance
        self.weeks: list[date] = []
        if not year._state.adding:
            week = monday_of(year.start_date)
            while week <= year.end_date:
                self.weeks.append(week)
                week += timedelta(weeks=1)
        self.marked = {b.week_start: b.label for b in year.breaks.all()} if self.weeks else {}

    def week_rows(self) -> list[dict]:
        """The break-week grid as typed (or as stored)."""
        if self.is_bound:
            ticked = set(self.data.getlist("break"))
            return [
                {
                    "week": week,
                    "checked": week.isoformat() in ticked,
                    "label": self.data.get(f"label_{week.isoformat()}", ""),
                }
                for week in self.weeks
            ]
        return [
            {"week": w, "checked": w in self.marked, "label": self.marked.get(w, "")}
            for w in self.weeks
        ]

    def clean(self):
        data = super().clean()
        if self.weeks:
            breaks = []
            for row in self.week_rows():
                if row["checked"]:
                    breaks.append((row["week"], row["label"].strip()))
            data["breaks"] = breaks
        return data

    def _post_clean(self):
        pass  # the service checks the year as a whole (dates, overlaps, breaks)
