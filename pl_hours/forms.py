"""Form pieces every PL activity form shares: the time-use split, checked against the duration."""

from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet

from districts.forms import LimitedModelForm
from districts.models import District, Educator, Priority
from pl_hours.models import SPLIT_FIELDS, ManualEntry, OtherActivity, PLActivity
from pl_hours.rules import CATEGORIES, Category, default_split, split_problem
from pl_hours.selectors import district_today

SPLIT_HELP = {
    Category.LOGISTICS: "Announcements, scheduling, paperwork.",
    Category.PACING: "Where classes are in the scope and sequence.",
    Category.SURFACE_STRATEGIES: "Strategies shared without working through the lesson.",
    Category.UNFOCUSED_TALK: "Instructional talk without a concrete lesson in view.",
    Category.INSTRUCTIONAL_PLANNING: "Working through upcoming lessons: tasks, student work, "
    "rehearsal. This is what counts as meaningful.",
}


class SplitFormMixin(forms.Form):
    """Minutes per time-use category; the form refuses a split that does not add up.

    A form that sets ``blank_split_kind`` treats an entirely empty split as that
    kind's default (a coaching session: all planning) for whatever minutes are given.
    """

    blank_split_kind: str | None = None

    def add_split_fields(self, initial_split: dict[str, int] | None = None):
        for category in CATEGORIES:
            self.fields[SPLIT_FIELDS[category]] = forms.IntegerField(
                label=Category(category).label,
                min_value=0,
                required=False,
                initial=(initial_split or {}).get(category),
                help_text=SPLIT_HELP[category],
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "split-input"}),
            )

    def split_fields(self):
        return [self[SPLIT_FIELDS[category]] for category in CATEGORIES]

    def other_fields(self):
        split_names = set(SPLIT_FIELDS.values())
        return [f for f in self.visible_fields() if f.name not in split_names]

    @property
    def split_left_blank(self) -> bool:
        return self.blank_split_kind is not None and all(
            self.cleaned_data.get(SPLIT_FIELDS[c]) is None for c in CATEGORIES
        )

    @property
    def cleaned_split(self) -> dict[str, int]:
        if self.split_left_blank:
            return default_split(self.blank_split_kind, self.cleaned_data.get("minutes") or 0)
        return {c: self.cleaned_data.get(SPLIT_FIELDS[c]) or 0 for c in CATEGORIES}

    def clean(self):
        data = super().clean()
        minutes = data.get("minutes")
        if minutes and not self.split_left_blank:
            if all(data.get(SPLIT_FIELDS[c]) is None for c in CATEGORIES):
                raise forms.ValidationError(
                    f"Say how the {minutes} minutes were used: give the minutes of each kind "
                    "of time below (they add up to the duration).",
                    code="split",
                )
            problem = split_problem(self.cleaned_split, minutes)
            if problem:
                raise forms.ValidationError(problem, code="split")
        return data


ACTIVITY_FIELDS = ["date", "minutes", "math_specific", "priority"]


def scope_priority(form: forms.Form, district: District) -> None:
    """Offer the district's active priorities; a new activity is dated today by default."""
    if "priority" in form.fields:
        priorities = Priority.objects.for_district(district).filter(active=True)
        form.fields["priority"].queryset = priorities
        form.fields["priority"].help_text = "The district priority this activity serves, if any."
    if (
        "date" in form.fields
        and getattr(form.instance, "_state", None)
        and form.instance._state.adding
    ):
        form.fields["date"].initial = district_today(district)


def initial_split_of(instance: PLActivity | None) -> dict[str, int] | None:
    return instance.split if instance and not instance._state.adding else None


class ActivityForm(SplitFormMixin, LimitedModelForm):
    """The form of a PL activity: its model's fields, the district's priorities, the
    time-use split checked against the minutes; ``service_kwargs`` hands all of it to the
    activity's service. ``default_minutes`` fills in a new activity's duration."""

    default_minutes: int | None = None

    def __init__(self, *args, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        scope_priority(self, district)
        adding = self.instance._state.adding
        if adding and self.default_minutes:
            self.fields["minutes"].initial = self.default_minutes
        self.add_split_fields(self.initial_split() if adding else initial_split_of(self.instance))

    def initial_split(self) -> dict[str, int] | None:
        """A new activity's split as the form first shows it (none: the person says)."""
        return None

    def service_kwargs(self) -> dict:
        split_names = set(SPLIT_FIELDS.values())
        data = {
            name: list(value) if isinstance(value, QuerySet) else value
            for name, value in self.cleaned_data.items()
            if name not in split_names
        }
        return {**data, "split": self.cleaned_split}


class OtherActivityForm(ActivityForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=Educator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone who took part (for the whole activity).",
    )

    class Meta:
        model = OtherActivity
        fields = ["kind", "title", "school", *ACTIVITY_FIELDS]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, district: District, candidates, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        self.fields["school"].queryset = self.fields["school"].queryset.filter(district=district)
        self.fields["attendees"].queryset = candidates
        if not self.instance._state.adding:
            self.fields["attendees"].initial = list(
                self.instance.attendance.values_list("educator_id", flat=True)
            )

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["attendance"] = dict.fromkeys((e.pk for e in data.pop("attendees")), None)
        return data


class ManualEntryForm(LimitedModelForm):
    class Meta:
        model = ManualEntry
        fields = [
            "educator",
            "date",
            "description",
            "minutes",
            "category",
            "math_specific",
            "priority",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, district: District, educators, **kwargs):
        super().__init__(*args, **kwargs)
        scope_priority(self, district)
        self.fields["educator"].queryset = educators


def readout_context(minutes: int, split: dict[str, int]) -> dict:
    assigned = sum(split.values())
    planning = split.get("instructional_planning", 0)
    return {
        "minutes": minutes,
        "assigned": assigned,
        "left": minutes - assigned,
        "over": assigned - minutes,
        "meaningful_share": round(100 * planning / minutes) if minutes else 0,
        "problem": split_problem(split, minutes) if minutes else None,
    }


def whole_minutes(text: object) -> int:
    """What was typed as a number of minutes, for the readout only: anything that is not a
    whole number counts as nothing (the form itself says what is wrong)."""
    try:
        return max(int(str(text or 0).strip()), 0)
    except ValueError:
        return 0


def readout_of(values: Mapping[str, object]) -> dict:
    """The readout of a split as typed: ``values`` holds the form's raw inputs."""
    return readout_context(
        whole_minutes(values.get("minutes")),
        {c: whole_minutes(values.get(SPLIT_FIELDS[c])) for c in CATEGORIES},
    )


def initial_readout(form) -> dict:
    """The readout as the page first shows it (the live one replaces it as you type)."""
    return readout_of({name: form[name].value() for name in ["minutes", *SPLIT_FIELDS.values()]})
