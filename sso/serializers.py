from rest_framework import serializers

from sso.models import IdentityProvider, SignInSettings
from sso.secrets import client_secret


class SignInSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignInSettings
        fields = ["allowed_domains", "password_sign_in"]


class IdentityProviderSerializer(serializers.ModelSerializer):
    """A provider as the API shows it: the secret's variable name and whether this server
    has it, never the secret."""

    secret_configured = serializers.SerializerMethodField()

    class Meta:
        model = IdentityProvider
        fields = [
            "id",
            "kind",
            "name",
            "client_id",
            "secret_name",
            "secret_configured",
            "tenant",
            "issuer",
            "enabled",
        ]
        # The district's name is unique per district; the service checks it with the rest.
        validators: list = []

    def get_secret_configured(self, provider: IdentityProvider) -> bool:
        return bool(client_secret(provider.secret_name))
