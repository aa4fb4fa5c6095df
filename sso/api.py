from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework import generics, serializers

from districts.api_base import DistrictAPIMixin, ServiceViewSet, as_drf_error
from districts.permissions import ADMIN
from districts.signals import Actor
from sso import services
from sso.models import IdentityProvider, SignInSettings
from sso.serializers import IdentityProviderSerializer, SignInSettingsSerializer


class SignInSettingsView(DistrictAPIMixin, generics.RetrieveUpdateAPIView):
    """The district's sign-in rules: allowed e-mail domains, and whether passwords work."""

    model = SignInSettings
    serializer_class = SignInSettingsSerializer
    read_roles = ADMIN
    write_roles = ADMIN
    http_method_names = ["get", "patch", "head", "options"]

    def district_queryset(self):
        return SignInSettings.objects.for_district(self.district)

    def get_object(self):
        return services.sign_in_settings_of(self.district)

    def perform_update(self, serializer):
        data = {**self.kept_values(serializer, serializer.instance), **serializer.validated_data}
        try:
            with transaction.atomic():
                serializer.instance = services.sign_in_settings_save(
                    district=self.district, actor=Actor.of(self.request), **data
                )
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class IdentityProviderViewSet(ServiceViewSet):
    model = IdentityProvider
    serializer_class = IdentityProviderSerializer
    service = services.identity_provider_save
    delete_service = services.identity_provider_delete
    instance_kwarg = "identity_provider"
    lookup_url_kwarg = "sso_provider_id"
    read_roles = ADMIN
    write_roles = ADMIN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def service_kwargs(self, data: dict) -> dict:
        return {**data, "actor": Actor.of(self.request)}

    def write(self, serializer, instance):
        try:
            super().write(serializer, instance)
        except IntegrityError:
            raise serializers.ValidationError(
                {"name": ["Another provider of the district has this label."]}
            ) from None

    def perform_destroy(self, instance):
        try:
            services.identity_provider_delete(
                district=self.district, identity_provider=instance, actor=Actor.of(self.request)
            )
        except ValidationError as exc:
            raise as_drf_error(exc) from None
