from django import forms

from districts.forms import LimitedModelForm
from districts.models import District, Educator, Position, Priority, School
from pl_hours.selectors import district_today
from subsystems.models import LEADER_OR_COACH, LookFor, LookForSet, Rating, Walkthrough

DATE = forms.DateInput(attrs={"type": "date"})


class WalkthroughForm(forms.Form):
    """A walkthrough, quick to fill in a classroom: the look-fors are large toggles."""

    school = forms.ModelChoiceField(queryset=School.objects.none())
    teacher = forms.ModelChoiceField(
        queryset=Educator.objects.none(),
        required=False,
        label="Teacher observed",
        help_text="Leave empty for a learning walk through several classrooms.",
    )
    date = forms.DateField(widget=DATE)
    duration_minutes = forms.IntegerField(
        label="Minutes in the room",
        min_value=1,
        initial=15,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    math_specific = forms.BooleanField(label="Math lesson", required=False, initial=True)
    co_observer = forms.ModelChoiceField(
        queryset=Educator.objects.none(),
        required=False,
        label="Co-observer (coach)",
        help_text="A coach who observed with you; they can record their own ratings to calibrate.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    feedback_shared = forms.BooleanField(
        label="Share the feedback with the teacher",
        required=False,
        help_text="They receive it in the app and by e-mail: the look-fors as rated, the "
        "evidence, the notes and your note below. Once sent it cannot be taken back.",
    )
    feedback_date = forms.DateField(
        widget=DATE, required=False, help_text="Empty: today, when you share it."
    )
    feedback_note = forms.CharField(
        label="Note to the teacher", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args, district: District, schools, look_for_set: LookForSet, observers=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.look_for_set = look_for_set
        self.district = district
        self.fields["school"].queryset = schools
        self.fields["teacher"].queryset = (
            Educator.objects.for_district(district)
            .filter(
                active=True,
                school__in=schools,
                position__in=[Position.TEACHER, Position.INTERVENTIONIST],
            )
            .select_related("school")
            .order_by("school__name", "last_name")
        )
        self.fields["teacher"].label_from_instance = lambda e: f"{e.full_name} ({e.school})"
        self.fields["co_observer"].queryset = Educator.objects.for_district(district).filter(
            position=Position.COACH, active=True
        )
        if observers is not None:
            self.fields["observer"] = forms.ModelChoiceField(queryset=observers)
            self.order_fields(["observer"])
        self.fields["date"].initial = district_today(district)
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
        self.look_fors = list(look_for_set.look_fors.filter(active=True).select_related("priority"))
        for look_for in self.look_fors:
            self.fields[f"rating_{look_for.pk}"] = forms.ChoiceField(
                label=look_for.title,
                choices=Rating.choices,
                initial=Rating.NOT_OBSERVED,
                widget=forms.RadioSelect(attrs={"class": "toggle"}),
            )
            self.fields[f"evidence_{look_for.pk}"] = forms.CharField(
                label=f"Evidence for “{look_for.title}”",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def visit_fields(self):
        names = [
            "observer",
            "school",
            "teacher",
            "date",
            "duration_minutes",
            "math_specific",
            "co_observer",
        ]
        return [self[n] for n in names if n in self.fields]

    def rating_rows(self):
        return [(lf, self[f"rating_{lf.pk}"], self[f"evidence_{lf.pk}"]) for lf in self.look_fors]

    def feedback_fields(self):
        return [self[n] for n in ("feedback_shared", "feedback_date", "feedback_note")]

    def clean(self):
        data = super().clean()
        school, teacher = data.get("school"), data.get("teacher")
        if school and teacher and teacher.school_id != school.pk:
            self.add_error("teacher", f"{teacher.full_name} is not on {school}'s staff.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "school": data["school"],
            "teacher": data["teacher"],
            "date": data["date"],
            "duration_minutes": data["duration_minutes"],
            "math_specific": data["math_specific"],
            "co_observer": data["co_observer"],
            "notes": data["notes"],
            "feedback_shared": data["feedback_shared"],
            "feedback_date": data["feedback_date"]
            or (district_today(self.district) if data["feedback_shared"] else None),
            "feedback_note": data["feedback_note"],
            "look_for_set": self.look_for_set,
            "ratings": {
                lf.pk: (data[f"rating_{lf.pk}"], data[f"evidence_{lf.pk}"]) for lf in self.look_fors
            },
        }

    @classmethod
    def initial_from(cls, walkthrough: Walkthrough, *, ratings: bool = True) -> dict:
        initial = {
            "observer": walkthrough.observer_id,
            "school": walkthrough.school_id,
            "teacher": walkthrough.teacher_id,
            "date": walkthrough.date,
            "duration_minutes": walkthrough.duration_minutes,
            "math_specific": walkthrough.math_specific,
            "co_observer": walkthrough.co_observer_id,
            "notes": walkthrough.notes,
            "feedback_shared": walkthrough.feedback_shared,
            "feedback_date": walkthrough.feedback_date,
            "feedback_note": walkthrough.feedback_note,
        }
        if ratings:
            for r in walkthrough.ratings.all():
                initial[f"rating_{r.look_for_id}"] = r.rating
                initial[f"evidence_{r.look_for_id}"] = r.evidence
        return initial


def observer_choices(district: District):
    return Educator.objects.for_district(district).filter(position__in=LEADER_OR_COACH, active=True)


class LookForSetForm(LimitedModelForm):
    class Meta:
        model = LookForSet
        fields = ["name", "description", "active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district

    def validate_unique(self):
        name = self.cleaned_data.get("name")
        clash = LookForSet.objects.for_district(self.instance.district).filter(name__iexact=name)
        if name and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "There is already a form with this name.")


class LookForForm(LimitedModelForm):
    class Meta:
        model = LookFor
        fields = ["look_for_set", "title", "description", "priority", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["look_for_set"].queryset = LookForSet.objects.for_district(district)
        self.fields["priority"].queryset = Priority.objects.for_district(district)
        self.fields["priority"].required = True
        self.fields[
            "priority"
        ].help_text = "Every look-for serves one of the district's priorities."

    def validate_unique(self):
        data = self.cleaned_data
        clash = LookFor.objects.for_district(self.instance.district).filter(
            look_for_set=data.get("look_for_set"), title__iexact=data.get("title")
        )
        if data.get("title") and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("title", "This form already has a look-for with this title.")
