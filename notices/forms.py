from django import forms

from districts.bounds import REFLECTION_TEXT
from districts.models import Membership
from notices.models import NoticePreferences
from notices.permissions import preferences_offered


class NoticePreferencesForm(forms.ModelForm):
    """Which notices also come by e-mail, and the digest for those who may have it."""

    class Meta:
        model = NoticePreferences
        fields = ["email_feedback", "email_reply", "email_reminder", "digest"]
        help_texts = {
            "email_feedback": "A walkthrough's look-fors, evidence and the observer's note, "
            "or a coaching session's notes and next steps, when they are shared with you.",
            "email_reply": "When a teacher acknowledges feedback you shared, with their "
            "reflection.",
            "email_reminder": "At most one e-mail a day, on weekday mornings, listing what is "
            "waiting for you.",
            "digest": "Early on Mondays: meaningful hours against the pace, indicators that "
            "changed, the biggest gaps and key results due.",
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        offered = preferences_offered(membership)
        # What is not offered keeps its value (or its default) and is not shown.
        self.kept = {
            name: getattr(self.instance, name) for name in self.fields if name not in offered
        }
        for name in self.kept:
            del self.fields[name]

    def service_kwargs(self) -> dict:
        return {**self.kept, **self.cleaned_data}


class ReflectionForm(forms.Form):
    """A teacher acknowledges feedback they received (a walkthrough's, a coaching session's
    notes), with a short reflection."""

    reflection = forms.CharField(
        label="Your reflection (optional)",
        required=False,
        max_length=REFLECTION_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REFLECTION_TEXT}),
    )

    def __init__(self, *args, seen_by: str, about: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reflection"]
        field.label = f"Your reflection{f' on {about}' if about else ''} (optional)"
        field.help_text = f"Up to {REFLECTION_TEXT:,} characters. {seen_by} see it."
