from django.urls import reverse
from rest_framework import serializers

from portability.models import DistrictExport


class DistrictExportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = DistrictExport
        fields = [
            "id",
            "status",
            "progress",
            "rows",
            "size",
            "error",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, export: DistrictExport) -> str | None:
        if export.status != "done":
            return None
        url = reverse("api-district-export-download", args=[export.district.slug, export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
