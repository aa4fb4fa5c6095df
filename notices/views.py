"""A person's notices, their e-mail preferences, and the one-click unsubscribe."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from districts.access import district_view, get_for_district_or_404, is_uuid
from districts.models import Membership
from districts.web import form_page, list_page
from notices import selectors, services
from notices.forms import NoticePreferencesForm
from notices.models import Notice, Topic
from notices.permissions import NOTICE_ROLES
from notices.unsubscribe import read_token


@district_view(*NOTICE_ROLES)
def notice_list(request):
    return list_page(
        request,
        selectors.notices_for_page(request.membership),
        template="notices/notice_list.html",
        per_page=30,
    )


def _back_to_list(request):
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("notice_list", args=[request.district.slug]) + suffix)


@require_POST
@district_view(*NOTICE_ROLES)
def notice_read(request, notice_id):
    notice = get_for_district_or_404(
        Notice.objects.visible_to(request.membership), request.district, notice_id
    )
    services.notices_mark_read(
        district=request.district, membership=request.membership, notice_ids=[notice.pk]
    )
    return _back_to_list(request)


@require_POST
@district_view(*NOTICE_ROLES)
def notices_read_all(request):
    count = services.notices_mark_read(district=request.district, membership=request.membership)
    messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
    return _back_to_list(request)


@district_view(*NOTICE_ROLES)
def notice_preferences(request):
    district, membership = request.district, request.membership
    form = NoticePreferencesForm(
        request.POST or None,
        instance=selectors.preferences_for(membership),
        membership=membership,
    )
    return form_page(
        request,
        form,
        lambda data: services.notice_preferences_save(
            district=district, membership=membership, **form.service_kwargs()
        ),
        title="Notices and e-mail",
        back="notice_preferences",
        template="notices/preferences.html",
        success="Preferences saved.",
        context={"address": selectors.email_address(membership)},
    )


def _unsubscribing(token: str) -> tuple[Membership, str]:
    found = read_token(token)
    if found is None or not is_uuid(found.membership_id):
        raise Http404("This link is not valid.")
    membership = (
        Membership.objects.for_district(found.district_id)
        .filter(pk=found.membership_id)
        .select_related("district", "user", "educator")
        .first()
    )
    if membership is None:
        raise Http404("This link is not valid.")
    return membership, found.topic


@csrf_exempt  # RFC 8058: mail clients POST here without a session or a form of ours
def unsubscribe(request, token):
    """GET says what will stop and offers a button, changing nothing (link scanners open
    every link); POST (the button, or a mail client's one-click) stops it, no login."""
    membership, topic = _unsubscribing(token)
    context = {
        "member": membership,
        "for_district": membership.district,
        "topic": topic,
        "topic_label": Topic(topic).label,
        "address": selectors.email_address(membership),
    }
    if request.method == "POST":
        services.notice_unsubscribe(
            district=membership.district, membership=membership, topic=topic
        )
        return render(request, "notices/unsubscribed.html", context)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "notices/unsubscribe.html", context)
