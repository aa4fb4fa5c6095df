from rest_framework import serializers

from districts.bounds import REFLECTION_TEXT
from districts.links import absolute_url
from notices.models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The page of the record it is about.")

    class Meta:
        model = Notice
        fields = ["id", "topic", "kind", "title", "url", "context", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notice: Notice) -> str:
        return absolute_url(notice.path) if notice.path else ""


class AcknowledgementSerializer(serializers.Serializer):
    """A teacher acknowledges feedback or notes they received, with a short reflection."""

    reflection = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REFLECTION_TEXT
    )
