"""The one form-page flow every app's simple edit pages share."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


def form_page(
    request,
    form,
    save: Callable[[dict], object],
    *,
    title: str,
    back: str,
    context: dict | None = None,
    template: str = "districts/object_form.html",
):
    """Validate, save through a service in one transaction, and return to the list.

    A refused save keeps everything the person typed and says why (status 400).
    ``back`` names the list page's URL, under the request's district.
    """
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(back, district_slug=request.district.slug)
    return render(
        request,
        template,
        {"form": form, "title": title, "back": back, **(context or {})},
        status=400 if request.method == "POST" and form.errors else 200,
    )
