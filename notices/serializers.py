from rest_framework import serializers

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
