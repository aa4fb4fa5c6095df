"""A real SMTP server for tests: aiosmtpd on a loopback port, with Django's SMTP backend
pointed at it. Nothing about the protocol is mocked; the server can be told to answer the
next messages with a refusal (``451 …`` to try later, ``550 …`` for never)."""

import email
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import pytest


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"no text/{subtype} part"
        return part.get_content()


@dataclass
class Mailbox:
    """What the server received, and the refusals it will answer the next messages with."""

    received: list[Received] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refusals:
            self.refused += 1
            return self.refusals.pop(0)
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Accepted"

    def refuse_next(self, *replies: str) -> None:
        self.refusals.extend(replies)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailserver(settings):
    """Start an SMTP server on 127.0.0.1 and send the project's e-mail to it."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Coherence <coherence@example.org>"
    settings.SITE_URL = "https://coherence.example.org"
    try:
        yield mailbox
    finally:
        controller.stop()
