"""Making a district's archive in the background, with its progress on the export row."""

import logging
import tempfile
from typing import Any

from django.core.files import File
from django.utils import timezone

from portability.archive import archive_export
from portability.models import DistrictExport, ExportStatus

logger = logging.getLogger(__name__)


def district_export_make(*, export_id: Any) -> DistrictExport | None:
    """Write the archive; progress and failures are saved on the export for its page."""
    export = (
        DistrictExport.objects.select_related("district")  # across districts: by its id
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status == ExportStatus.DONE:
        return export
    rows = DistrictExport.objects.for_district(export.district).filter(pk=export.pk)

    def progress(percent: int) -> None:
        rows.update(progress=min(percent, 99))

    rows.update(status=ExportStatus.RUNNING, progress=1)
    try:
        with tempfile.TemporaryFile() as out:
            manifest = archive_export(district=export.district, out=out, progress=progress)
            out.seek(0, 2)
            size = out.tell()
            out.seek(0)
            stamp = timezone.now().strftime("%Y%m%d-%H%M")
            export.file.save(
                f"{export.district.slug}-{stamp}-{export.pk}.zip", File(out), save=False
            )
    except Exception as exc:  # the page shows the failure; the log keeps the traceback
        logger.exception("District export %s failed", export.pk)
        rows.update(status=ExportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        export.refresh_from_db()
        return export
    export.status, export.progress, export.finished_at = ExportStatus.DONE, 100, timezone.now()
    export.rows = sum(t["rows"] for t in manifest["tables"])
    export.size = size
    export.save(update_fields=["file", "status", "progress", "finished_at", "rows", "size"])
    return export
