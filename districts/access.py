"""Tenant resolution and object access: the one way to reach tenant data.

A user who is not a member of a district, and an object of another district,
both get the same 404, so an outsider learns nothing about what exists. A
member whose role does not allow an action gets 403.
"""

import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import render

from districts.models import District, Membership, Role


def is_uuid(value) -> bool:
    """Whether a query-string value can be an object id (anything else is no filter)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class DistrictSuspended(PermissionDenied):
    """The member's district is suspended by the installation's operator."""

    def __init__(self, district: District):
        self.district = district
        super().__init__(
            f"{district.name} is suspended on this installation; its data is kept. "
            "Ask your district's contact to get in touch with the operator."
        )


def resolve_membership(user, district_slug: str) -> Membership:
    if not user.is_authenticated:
        raise Http404("No such district.")
    slug = district_slug
    membership = (
        Membership.objects.filter(user=user, district__slug=slug)  # across districts: the URL's
        .select_related("district", "educator", "user")
        .first()
    )
    if membership is None:
        raise Http404("No such district.")
    if membership.district.suspended:
        raise DistrictSuspended(membership.district)
    return membership


def get_for_district_or_404(source: type[Model] | QuerySet, district: District, pk, **filters):
    """Fetch one tenant object by id, 404 when it is missing *or* another district's."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        return queryset.filter(district=district, **filters).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404(f"No such {queryset.model._meta.verbose_name}.") from None


def require_role(membership: Membership, roles: Iterable[str]) -> None:
    if membership.role not in roles:
        raise PermissionDenied("Your role in this district does not allow this.")


def district_view(*roles: str) -> Callable:
    """Page decorator: log in, resolve the district from the URL, check the role.

    Sets ``request.district`` and ``request.membership``; the wrapped view is
    called without the ``district_slug`` argument.
    """

    allowed = tuple(roles) or tuple(Role.values)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, district_slug: str, *args, **kwargs):
            try:
                membership = resolve_membership(request.user, district_slug)
            except DistrictSuspended as suspended:
                return render(
                    request,
                    "districts/suspended.html",
                    {"suspended": suspended.district},
                    status=403,
                )
            request.membership = membership
            request.district = membership.district
            require_role(membership, allowed)
            return view(request, *args, **kwargs)

        wrapped.district_roles = allowed
        return wrapped

    return decorator
