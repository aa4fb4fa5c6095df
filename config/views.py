from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.security import client_ip, over_limit


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return bool(client.ping())
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": "ok" if _database_ok() else "unreachable"}
    if settings.REDIS_URL:
        checks["broker"] = "ok" if _broker_ok() else "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def bad_request(request, exception=None):
    """A request Django refused before any view: one too large (413, saying how large it may
    be, with a way back) or otherwise malformed (400)."""
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    message = (
        f"What you sent is larger than Coherence accepts in one form ({limit_mb:.1f} MB of "
        "text). Shorten the longest field (notes are at most 5,000 characters) and send it "
        "again."
        if too_large
        else "The request could not be read."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, "400.html", {"message": message, "back": back}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with a limit on how often one address may be sent a link and
    how often one client may ask: the page answers 429 past either, saying when to try again,
    and the same whether or not the address has an account."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        hour = 60 * 60
        limited = over_limit(
            "reset-email", email, limit=settings.PASSWORD_RESETS_PER_EMAIL, seconds=hour
        )
        limited |= over_limit(
            "reset-address",
            client_ip(self.request),
            limit=settings.PASSWORD_RESETS_PER_ADDRESS,
            seconds=hour,
        )
        if limited:
            return render(
                self.request, "registration/password_reset_limited.html", {"form": form}, status=429
            )
        return super().form_valid(form)
