"""Logging in and out, password reset, and the failed-login lockout."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_log_in_lands_on_the_district_and_log_out_ends_the_session(cast, client):
    # (A teacher lands on their own hours instead: tests/districts/test_navigation.py.)
    response = _login(client, cast.a.principal.user.username, PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.request["PATH_INFO"] == reverse("dashboard", args=[cast.a.district.slug])
    client.post(reverse("logout"))
    assert client.get(reverse("district_home", args=[cast.a.district.slug])).status_code == 302


@pytest.mark.django_db
def test_wrong_password_says_so_without_saying_which_part(cast, client):
    response = _login(client, cast.a.teacher.user.username, "nope")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_that_username_from_that_address_only(cast, client, settings):
    username = cast.a.teacher.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong")
    locked = _login(client, username, PASSWORD)
    assert locked.status_code == 429
    assert "15 minutes" in locked.content.decode()
    # The same person from another address, and a colleague from the same one, still get in.
    assert _login(client, username, PASSWORD, ip="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert _login(client, cast.a.teacher2.user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_expires_after_the_cool_off(cast, client, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    username = cast.a.teacher.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username=username)
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    attempt.save()
    assert _login(client, username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(cast, client):
    user = cast.a.teacher.user
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    new_password = "a brand new passphrase 42"
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_scripts(cast, client_for):
    response = client_for(cast.a.admin).get(reverse("district_home", args=[cast.a.district.slug]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    body = response.content.decode()
    assert "<script>" not in body and "<script " not in body.replace("<script src=", "")
    assert 'hx-headers=\'{"X-CSRFToken": "' in body


PROXY = "10.9.9.9"


def _login_via_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_keys_on_the_clients_own_address(cast, client, settings):
    settings.TRUSTED_PROXIES = 1
    username = cast.a.teacher.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_via_proxy(client, username, "wrong", "203.0.113.5")
    # The one who failed is locked out, even when they write another address in the header
    # themselves (only the entry the proxy appended counts) ...
    assert _login_via_proxy(client, username, PASSWORD, "203.0.113.5").status_code == 429
    forged = "198.51.100.7, 203.0.113.5"
    assert _login_via_proxy(client, username, PASSWORD, forged).status_code == 429
    # ... and the teacher, through the same proxy from their own address, gets in.
    assert _login_via_proxy(client, username, PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_the_number_of_trusted_proxies_is_counted_from_the_right(cast, client, settings):
    settings.TRUSTED_PROXIES = 2
    username = cast.a.teacher.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_via_proxy(client, username, "wrong", "1.2.3.4, 203.0.113.5, 10.0.0.8")
    assert _login_via_proxy(client, username, PASSWORD, "203.0.113.5, 10.0.0.8").status_code == 429
    assert _login_via_proxy(client, username, PASSWORD, "198.51.100.7, 10.0.0.8").status_code == 302


def _reset(client, email, ip="10.0.0.1", **headers):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip, **headers)


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_address(cast, client, settings):
    settings.PASSWORD_RESETS_PER_EMAIL = 3
    email = cast.a.teacher.user.email
    for n in range(3):
        assert _reset(client, email, ip=f"10.0.0.{n + 1}").status_code == 302
    refused = _reset(client, email.upper(), ip="10.0.0.9")
    assert refused.status_code == 429
    assert "Try again in an hour" in refused.content.decode()
    assert len(mail.outbox) == 3
    # An address with no account is counted the same, and answered the same.
    for _ in range(3):
        assert _reset(client, "nobody@example.org").status_code == 302
    assert _reset(client, "nobody@example.org").status_code == 429


@pytest.mark.django_db
def test_password_reset_is_limited_per_client_address(cast, client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 5
    settings.TRUSTED_PROXIES = 1
    for n in range(5):
        forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
        assert _reset(client, f"someone{n}@example.org", ip=PROXY, **forwarded).status_code == 302
    flood = _reset(client, "one-more@example.org", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert flood.status_code == 429
    # Someone else behind the same proxy is not held up.
    teacher = cast.a.teacher.user.email
    assert _reset(client, teacher, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1
