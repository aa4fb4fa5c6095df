"""The base every district API endpoint stands on.

Like a page, an endpoint resolves and authorises the district once, before
anything else: a non-member (or another district's object) gets 404, a
member whose role may not write gets 403.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotAuthenticated

from districts.access import resolve_membership
from districts.permissions import ADMIN, ALL_ROLES


class DistrictFilterBackend(DjangoFilterBackend):
    """django-filter, with the district handed to filter sets that scope their choices."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["district"] = view.district
        return kwargs


class RolePermission(permissions.BasePermission):
    message = "Your role in this district does not allow this."

    def has_permission(self, request, view) -> bool:
        roles = view.read_roles if request.method in permissions.SAFE_METHODS else view.write_roles
        return request.membership.role in roles


class DistrictAPIMixin:
    read_roles: tuple[str, ...] = ALL_ROLES
    write_roles: tuple[str, ...] = ADMIN
    permission_classes = [permissions.IsAuthenticated, RolePermission]
    filter_backends = [DistrictFilterBackend]

    def initial(self, request, *args, **kwargs):
        self.perform_authentication(request)
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        membership = resolve_membership(request.user, kwargs["district_slug"])
        request.membership = membership
        request.district = membership.district
        self.district = membership.district
        self.membership = membership
        super().initial(request, *args, **kwargs)

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return self.model.objects.none()
        return self.district_queryset()

    def district_queryset(self):
        """The rows this member may see in this district (every endpoint defines it)."""
        raise NotImplementedError

    # Writes: an endpoint names its service (``school_save(district=…, school=…, **fields)``)
    # and the keyword of the object it edits; PATCH keeps ``fields_kept`` it does not name,
    # for services that want every field. Endpoints with more to do override ``write``.
    service = None
    instance_kwarg = ""
    fields_kept: tuple[str, ...] = ()

    def check_write(self, data: dict, instance) -> None:
        """Refuse (PermissionDenied) a write this member may not make; roles are checked."""

    def write(self, serializer, instance) -> None:
        """Save through the service (create when ``instance`` is None); a refusal is a 400."""
        if type(self).service is None:
            raise NotImplementedError(f"{type(self).__name__} names no service")
        data = dict(serializer.validated_data)
        if instance is not None:
            kept = {name: getattr(instance, name) for name in self.fields_kept}
            for name in self.many_to_many_kept:
                kept[name] = list(getattr(instance, name).all())
            data = {**kept, **data}
        self.check_write(data, instance)
        extra = {self.instance_kwarg: instance} if instance is not None else {}
        try:
            with transaction.atomic():
                serializer.instance = type(self).service(district=self.district, **extra, **data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None

    many_to_many_kept: tuple[str, ...] = ()

    def perform_create(self, serializer):
        self.write(serializer, None)

    def perform_update(self, serializer):
        self.write(serializer, serializer.instance)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["district"] = getattr(self, "district", None)
        return context


@extend_schema_field(OpenApiTypes.UUID)
class DistrictRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object field whose choices are the request's district only."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        district = self.context.get("district")
        if district is None:  # schema generation
            return self.model.objects.none()
        return self.model.objects.for_district(district)


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})
