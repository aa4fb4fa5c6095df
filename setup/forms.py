from django import forms

from districts.forms import DistrictScopedForm
from districts.models import TIME_ZONES, District, Priority
from setup.services import CARRY, CLOSE


class AdoptForm(DistrictScopedForm):
    """Which priority the adopted records serve (optional for the look-fors)."""

    priority = forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        help_text="The look-fors or the objective serve it; you can change this later.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.for_district(self.district).filter(
            active=True
        )


class RolloverForm(DistrictScopedForm):
    """For each of the year's objectives: carry it into the new year, or close it."""

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = objectives
        for objective in objectives:
            self.fields[f"objective_{objective.pk}"] = forms.ChoiceField(
                label=objective.title,
                choices=[(CARRY, "Carry it into the new year"), (CLOSE, "Close it")],
                initial=CARRY,
                widget=forms.RadioSelect,
            )

    def decisions(self) -> dict[str, str]:
        return {str(o.pk): self.cleaned_data[f"objective_{o.pk}"] for o in self.objectives}


ZONE_CHOICES = sorted(TIME_ZONES)


class DistrictCreateForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=60,
        label="Address",
        help_text="Lowercase letters, digits and hyphens: the district's pages live under "
        "/d/<address>/.",
    )
    time_zone = forms.ChoiceField(choices=[(z, z) for z in ZONE_CHOICES], initial="America/Chicago")
    admin_email = forms.EmailField(
        label="First district admin's e-mail",
        help_text="They get an e-mail with a link to set their password.",
    )


class DistrictRenameForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name"]


class DistrictSuspendForm(forms.Form):
    reason = forms.CharField(
        max_length=200, required=False, help_text="Shown to the district's members."
    )
