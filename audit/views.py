from django.conf import settings
from django.shortcuts import render

from audit import selectors
from audit.filters import AuditFilter
from audit.models import AuditEvent
from districts.access import district_view
from districts.csv_export import CsvExport
from districts.permissions import ADMIN
from districts.web import list_page


def actor_name(event: AuditEvent) -> str:
    user = event.actor
    if user is None:
        return "—"
    return f"{user.get_full_name() or user.username} <{user.email}>" if user.email else str(user)


def subject_name(event: AuditEvent) -> str:
    if event.subject is not None:
        return event.subject.full_name
    user = event.subject_user
    return (user.get_full_name() or user.username) if user is not None else ""


AUDIT_CSV = CsvExport(
    "audit-trail",
    [
        ("when", lambda e: e.at.isoformat()),
        ("what", lambda e: e.get_kind_display()),
        ("who", actor_name),
        ("whose_records", subject_name),
        ("details", "target"),
        ("object_id", "object_id"),
        ("page", "path"),
        ("address", "address"),
    ],
    names=True,
)


@district_view(*ADMIN)
def audit_log(request):
    """Search the district's trail by person, kind and dates; export what is found."""
    filterset = AuditFilter(
        request.GET, queryset=selectors.events_for_page(request.district), district=request.district
    )
    return list_page(
        request,
        filterset.qs,
        template="audit/audit_log.html",
        export=AUDIT_CSV,
        context={"filter": filterset, "retention_days": settings.AUDIT_RETENTION_DAYS},
    )


@district_view()
def my_record_views(request):
    """A member sees who read their hours, walkthroughs and coaching records."""
    educator = request.membership.educator
    if educator is None:
        return render(request, "pl_hours/no_educator.html")
    return list_page(
        request,
        selectors.views_of(educator),
        template="audit/my_record_views.html",
        context={"educator": educator},
    )
