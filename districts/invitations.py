"""The e-mail a new person gets to choose their password.

Django's password-reset form skips accounts without a usable password, which
is exactly what a new invitee has, so the link is built here with the same
token generator and lands on the same set-password page. Links are absolute, from
``SITE_URL``: invitations are also sent from the API and from commands, outside any page.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from districts.links import absolute_reverse
from districts.models import District, User


def invitation_link(user: User) -> str:
    """The link that lets ``user`` choose a password (valid until they use it, or for
    ``PASSWORD_RESET_TIMEOUT``)."""
    return absolute_reverse(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )


def send_invitation(*, user: User, district: District) -> str:
    """E-mail ``user`` their invitation to ``district``; returns the link it carries."""
    link = invitation_link(user)
    context = {"user": user, "district": district, "link": link}
    subject = render_to_string("registration/invite_subject.txt", context).strip()
    body = render_to_string("registration/invite_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return link
