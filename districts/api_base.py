"""The base every district API endpoint stands on.

Like a page, an endpoint resolves and authorises the district once, before
anything else: a non-member (or another district's object) gets 404, a
member whose role may not write gets 403. Writes go through the app's
service; a service's refusal (Django's ValidationError) is a 400 in DRF's
usual shape, ``{field: [messages]}``, through the exception handler below.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from districts.access import resolve_membership
from districts.bounds import limits_of
from districts.corrections import change_log, last_deletion
from districts.permissions import ADMIN, ALL_ROLES

# What every list takes besides its own filters: the response's format, an ordering, and
# the default paging (harmless on a list that has one page; others add their paginator's).
GENERAL_QUERY_PARAMS = frozenset({"format", "ordering", "page"})
PAGING_PARAMS = (
    "page_query_param",
    "page_size_query_param",
    "limit_query_param",
    "offset_query_param",
    "cursor_query_param",
)


def exception_handler(exc, context):
    """DRF's handler, which also answers a service's ValidationError with a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    return drf_exception_handler(exc, context)


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})


class DistrictFilterBackend(DjangoFilterBackend):
    """django-filter, with the district handed to filter sets that scope their choices."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["district"] = view.district
        return kwargs


class RolePermission(permissions.BasePermission):
    message = "Your role in this district does not allow this."

    def has_permission(self, request, view) -> bool:
        # The view's membership, not the request's: DRF checks a copy of the request
        # when it describes an endpoint (OPTIONS).
        roles = view.read_roles if request.method in permissions.SAFE_METHODS else view.write_roles
        return view.membership.role in roles


class DistrictAPIMixin:
    """Resolve the district, scope the rows, and write through one service.

    An endpoint names its ``service`` (``school_save(district=…, school=…, **fields)``)
    and the keyword of the object it edits (``instance_kwarg``); an update keeps what it
    does not send (every writable field of the serializer, read from the object), and
    ``check_write`` refuses what the member may not do.
    """

    read_roles: tuple[str, ...] = ALL_ROLES
    write_roles: tuple[str, ...] = ADMIN
    permission_classes = [permissions.IsAuthenticated, RolePermission]
    filter_backends = [DistrictFilterBackend]
    model: Any = None
    service: Callable | None = None
    delete_service: Callable | None = None
    instance_kwarg = ""

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
        self.refuse_unknown_filters(request)
        self.refuse_a_body_that_is_not_an_object(request)

    # Query parameters a list reads itself, outside its filter set (declared, or refused).
    list_params: tuple[str, ...] = ()

    def filter_names(self) -> list[str]:
        """The query filters this list offers (its filter set's, and those it reads itself)."""
        filterset_class = getattr(self, "filterset_class", None)
        names = set(filterset_class.base_filters) if filterset_class is not None else set()
        return sorted(names | set(self.list_params))

    def refuse_unknown_filters(self, request) -> None:
        """A list asked for with a filter it does not know answers 400, naming the ones it
        knows: ignoring it would answer with the whole list, as if it had filtered."""
        if getattr(self, "action", None) != "list":
            return
        paginator = getattr(self, "paginator", None)
        allowed = set(GENERAL_QUERY_PARAMS) | set(self.filter_names())
        allowed |= {getattr(paginator, name, None) for name in PAGING_PARAMS} - {None}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            names = ", ".join(self.filter_names()) or "nothing"
            message = (
                f"Unknown filter. This list filters by {names}; it also takes "
                f"{', '.join(sorted(allowed - set(self.filter_names())))}."
            )
            raise serializers.ValidationError({name: [message] for name in unknown})

    def refuse_a_body_that_is_not_an_object(self, request) -> None:
        if request.method in ("POST", "PUT", "PATCH") and not isinstance(request.data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": ['Send a JSON object: {"field": value, …}.']}
            )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return self.model.objects.none() if self.model is not None else None
        return self.district_queryset()

    def district_queryset(self):
        """The rows this member may see in this district (every endpoint defines it)."""
        raise NotImplementedError

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["district"] = getattr(self, "district", None)
        return context

    # --- Writes ---------------------------------------------------------------------------

    def kept_values(self, serializer, instance) -> dict:
        """What an update keeps of the object: each writable field's current value."""
        values = {}
        for name, field in serializer.fields.items():
            if field.read_only or field.source == "*" or "." in field.source:
                continue  # a dotted source belongs to a related object, not this one
            value = getattr(instance, field.source)
            if isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer):
                value = list(value.all())
            values[field.source or name] = value
        return values

    def check_write(self, data: dict, instance) -> None:
        """Refuse (PermissionDenied) a write this member may not make; roles are checked."""

    def service_kwargs(self, data: dict) -> dict:
        """The service's keyword arguments from the validated (and kept) data."""
        return data

    def write(self, serializer, instance) -> None:
        """Save through the service (create when ``instance`` is None), in one transaction."""
        data = dict(serializer.validated_data)
        if instance is not None:
            data = {**self.kept_values(serializer, instance), **data}
        self.check_write(data, instance)
        service = type(self).service
        if service is None:
            raise NotImplementedError(f"{type(self).__name__} names no service")
        extra = {self.instance_kwarg: instance} if instance is not None else {}
        with transaction.atomic():
            serializer.instance = service(
                district=self.district, **extra, **self.service_kwargs(data)
            )

    def perform_create(self, serializer):
        self.write(serializer, None)

    def perform_update(self, serializer):
        self.write(serializer, serializer.instance)

    def check_delete(self, instance) -> None:
        """Refuse (PermissionDenied) a delete this member may not make."""

    def perform_destroy(self, instance):
        self.check_delete(instance)
        delete = type(self).delete_service
        if delete is None:
            raise NotImplementedError(f"{type(self).__name__} names no delete service")
        delete(district=self.district, **{self.instance_kwarg: instance})


class ServiceViewSet(DistrictAPIMixin, viewsets.ModelViewSet):
    """An endpoint over the district's rows of one model, written through one service."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def district_queryset(self):
        return self.model.objects.for_district(self.district)


class BoundedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose number fields refuse a value out of bounds with the bound's
    own message (DRF keeps the model's limits but words them its own way)."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        messages = {
            f"{kind}_value": validator.message
            for kind, validator in limits_of(model_field).items()
            if f"{kind}_value" in kwargs
        }
        if messages:
            kwargs["error_messages"] = {**kwargs.get("error_messages", {}), **messages}
        return field_class, kwargs


class ChangeSerializer(serializers.Serializer):
    """One change in a record's history."""

    when = serializers.DateTimeField()
    who = serializers.CharField()
    what = serializers.CharField(help_text="Created, Changed, Deleted, Restored, Added, Removed")
    details = serializers.ListField(child=serializers.CharField())


class CorrectionsMixin:
    """A record's edit history (``GET …/{id}/history/``) and the restore of a record deleted
    in the last 30 days (``POST …/{id}/restore/``), for those who may write it."""

    history_children: list[tuple[Any, str, str]] = []
    restore_service: Callable | None = None
    restore_kwarg = ""

    def history_hidden(self, instance) -> set[str]:
        """Fields of the record whose changes this member may not read."""
        return set()

    @extend_schema(responses=ChangeSerializer(many=True), request=None)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, **kwargs):
        instance = self.get_object()
        log = change_log(instance, self.history_children, hidden=self.history_hidden(instance))
        return Response(ChangeSerializer(log, many=True).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        deletion = last_deletion(self.model, self.district, pk)
        if deletion is None:
            raise NotFound("There is no deleted record to restore here.")
        self.check_delete(deletion.instance)
        with transaction.atomic():
            restored = type(self).restore_service(
                district=self.district, **{self.restore_kwarg: pk}
            )
        return Response(self.get_serializer(restored).data)


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
