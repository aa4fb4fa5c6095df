from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from audit.models import AuditKind
from audit.services import record
from districts.access import district_view, get_for_district_or_404
from districts.models import Educator
from districts.permissions import ADMIN
from districts.signals import Actor
from portability import services
from portability.erasure import educator_erase
from portability.models import DistrictExport, ExportStatus


@district_view(*ADMIN)
def export_list(request):
    """Start an archive of the whole district; see past ones; download them when ready."""
    district = request.district
    if request.method == "POST":
        export = services.district_export_request(
            district=district, requested_by=request.user, actor=Actor.of(request)
        )
        return redirect("district_export_detail", district_slug=district.slug, export_id=export.pk)
    exports = DistrictExport.objects.for_district(district).select_related("requested_by")[:50]
    return render(request, "portability/export_list.html", {"exports": exports})


@district_view(*ADMIN)
def export_detail(request, export_id):
    export = get_for_district_or_404(
        DistrictExport.objects.for_district(request.district).select_related("requested_by"),
        request.district,
        export_id,
    )
    template = (
        "portability/export_detail.html#status"
        if request.htmx
        else "portability/export_detail.html"
    )
    return render(request, template, {"export": export})


def download_export(request, export: DistrictExport) -> FileResponse:
    """The archive as a file, its handing out written to the audit trail."""
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("This archive is not ready.")
    record(
        district=request.district,
        kind=AuditKind.DISTRICT_EXPORT,
        actor=Actor.of(request),
        target="Archive of the whole district downloaded",
        object_id=export.pk,
        path=request.get_full_path(),
    )
    name = f"{request.district.slug}-archive-{export.created_at:%Y%m%d-%H%M}.zip"
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )


@district_view(*ADMIN)
def export_download(request, export_id):
    export = get_for_district_or_404(DistrictExport, request.district, export_id)
    return download_export(request, export)


@district_view(*ADMIN)
def erase(request, educator_id):
    """Erase a former educator's personal data, after saying what goes and what stays."""
    district = request.district
    educator = get_for_district_or_404(Educator, district, educator_id)
    errors = []
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            errors.append("Tick the box to confirm: this cannot be undone.")
        else:
            try:
                erasure = educator_erase(
                    district=district, educator=educator, actor=Actor.of(request)
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    f"Personal data erased. Their minutes stay in every figure as "
                    f"“{erasure.educator.full_name}”.",
                )
                return redirect("educator_list", district_slug=district.slug)
    return render(
        request,
        "portability/erase.html",
        {"educator": educator, "errors": errors},
        status=400 if errors else 200,
    )
