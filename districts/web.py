"""The page flows every app's pages share: forms saved through a service, lists, records."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.corrections import RESTORE_DAYS, last_deletion
from districts.csv_export import CsvExport, wants_csv

PAGE_SIZE = 50


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


def record_page(
    request: HttpRequest,
    form_class: Any,
    save: Callable[..., Any],
    *,
    model: Any,
    pk: Any,
    noun: str,
    back: str,
    instance_kwarg: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """The add-or-edit page of a simple record: ``pk`` None adds one ("Add a school"),
    else the district's record with that id is edited (404 for another district's)."""
    instance = get_for_district_or_404(model, request.district, pk) if pk else None
    form = form_class(
        request.POST or None, instance=instance, district=request.district, **form_kwargs
    )
    return form_page(
        request,
        form,
        lambda data: save(district=request.district, **{instance_kwarg: instance}, **data),
        title=f"Edit {instance}" if instance else f"Add {noun}",
        back=back,
    )


def record_view(
    roles: tuple[str, ...],
    model: Any,
    form_class: Any,
    save: Callable[..., Any],
    noun: str,
    back: str,
) -> Callable[..., HttpResponse]:
    """A page that adds (no id in the URL) or edits (the one id the URL names) a simple
    record of ``model`` through its form and service; ``save`` takes the record as the
    keyword of the model's name (``school=``)."""
    instance_kwarg = re.sub(
        r"(?<!^)(?=[A-Z])", "_", model.__name__
    ).lower()  # LookForSet: look_for_set

    @district_view(*roles)
    def view(request: HttpRequest, **ids: Any) -> HttpResponse:
        pk = next(iter(ids.values()), None)
        return record_page(
            request,
            form_class,
            save,
            model=model,
            pk=pk,
            noun=noun,
            back=back,
            instance_kwarg=instance_kwarg,
        )

    return view


def by_school(request: HttpRequest, rows: Any, field: str = "school") -> tuple[Any, str]:
    """The rows of the school the query string names (``?school=<id>``), and that id; a
    malformed id matches nothing, no id leaves the rows as they are."""
    school_id = request.GET.get("school", "")
    if not school_id:
        return rows, ""
    if not is_uuid(school_id):
        return rows.none(), school_id
    return rows.filter(**{f"{field}_id": school_id}), school_id


def list_page(
    request: HttpRequest,
    rows: Any,
    *,
    template: str,
    export: CsvExport | None = None,
    context: dict | None = None,
    per_page: int | None = PAGE_SIZE,
) -> HttpResponse:
    """A list page: every row as CSV when ``?format=csv`` asks for it, else one page of rows
    (``page`` in the template; all of them as ``rows`` when ``per_page`` is None)."""
    if export is not None and wants_csv(request):
        return export.respond(request, rows)
    if per_page is None:
        listing = {"rows": rows}
    else:
        listing = {"page": Paginator(rows, per_page).get_page(request.GET.get("page"))}
    return render(request, template, {**listing, **(context or {})})


# --- Corrections: delete with confirmation, restore, history ------------------------------


def confirm_delete_page(
    request: HttpRequest,
    record: Any,
    delete: Callable[[], Any],
    *,
    back: str,
    consequence: str,
    restorable: bool = True,
) -> HttpResponse:
    """Ask before deleting (GET shows what will go and whether it can be restored); delete
    on the confirmation's POST and go back with a message that says how to restore it, or
    why it could not be deleted."""
    back_url = district_url(request, back)
    if request.method == "POST":
        try:
            with transaction.atomic():
                delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back_url)
        restore = (
            f" It can be restored from “Recently deleted” for {RESTORE_DAYS} days."
            if restorable
            else ""
        )
        messages.success(request, f"Deleted “{record}”.{restore}")
        return redirect(back_url)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "record": record,
            "back": back_url,
            "consequence": consequence,
            "restorable": restorable,
        },
    )


def get_deleted_or_404(model: Any, district: Any, pk: Any) -> Any:
    """A deleted record, as it was, that can still be restored; 404 otherwise (and for
    another district's records)."""
    deletion = last_deletion(model, district, pk)
    if deletion is None:
        raise Http404("There is no deleted record to restore here.")
    return deletion.instance


def restore_page(
    request: HttpRequest, restore: Callable[[], Any], *, back: str, noun: str
) -> HttpResponse:
    """Restore a deleted record (POST) and go back saying so, or saying why it cannot be."""
    back_url = district_url(request, back)
    try:
        with transaction.atomic():
            restored = restore()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Restored the {noun} “{restored}”.")
    return redirect(back_url)


@dataclass
class Deleted:
    """A deleted record as the "Recently deleted" list shows it."""

    label: str
    when: Any
    who: str
    restore_url: str


def deleted_rows(
    entries: list, *, url_name: str, slug: str, label: Callable[[Any], str]
) -> list[Deleted]:
    """The deletion entries of ``recently_deleted`` as rows with their restore links."""
    return [
        Deleted(
            label=label(entry),
            when=entry.history_date,
            who=(entry.history_user.get_full_name() or entry.history_user.username)
            if entry.history_user
            else "The system",
            restore_url=reverse(url_name, args=[slug, entry.id]),
        )
        for entry in entries
    ]
