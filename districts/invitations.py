"""The e-mail a new person gets to choose their password.

Django's password-reset form skips accounts without a usable password, which
is exactly what a new invitee has, so the link is built here with the same
token generator and lands on the same set-password page.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from districts.models import District, User


def send_invitation(*, user: User, district: District, domain: str, use_https: bool) -> None:
    context = {
        "user": user,
        "district": district,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = render_to_string("registration/invite_subject.txt", context).strip()
    body = render_to_string("registration/invite_email.txt", context)
    send_mail(subject, body, None, [user.email])
