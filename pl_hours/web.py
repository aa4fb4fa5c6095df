"""The page flow every PL activity's form shares: the form page with its live split readout."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from districts.web import form_page
from pl_hours.forms import initial_readout


def activity_form_page(
    request: HttpRequest,
    form,
    save: Callable[[dict], Any],
    *,
    template: str,
    back: str,
    success: str,
    success_url: Callable[[Any], str] | None = None,
    context: dict | None = None,
    title: str = "",
) -> HttpResponse:
    """A PL activity's form page: saved through its service (``save`` gets the form's
    service keyword arguments), with the minutes-left readout as the form stands."""
    return form_page(
        request,
        form,
        lambda _data: save(form.service_kwargs()),
        title=title,
        back=back,
        template=template,
        success=success,
        success_url=success_url,
        context=lambda: {"readout": initial_readout(form), **(context or {})},
    )
