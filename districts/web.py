"""The one form-page flow every app's edit pages share."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


def district_url(request: HttpRequest, name_or_path: str) -> str:
    """A URL name under the request's district, or a path as it is."""
    if name_or_path.startswith("/"):
        return name_or_path
    return reverse(name_or_path, args=[request.district.slug])


def form_page(
    request: HttpRequest,
    form,
    save: Callable[[dict], Any],
    *,
    title: str = "",
    back: str,
    template: str = "districts/object_form.html",
    context: dict | Callable[[], dict] | None = None,
    success: str = "Saved.",
    success_url: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Validate, save through a service in one transaction, and go back (or on).

    A refused save keeps everything the person typed and says why (status 400).
    ``back`` is the page to return to (a URL name under the district, or a path);
    ``success_url(saved)`` where to go instead once saved; ``context`` may be a
    callable, evaluated after validation (a form's readout reads what was typed).
    """
    back_url = district_url(request, back)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(success_url(saved) if success_url else back_url)
    extra = context() if callable(context) else (context or {})
    return render(
        request,
        template,
        {"form": form, "title": title, "back": back_url, **extra},
        status=400 if request.method == "POST" and form.errors else 200,
    )
