"""A minimal SMTP sink run in this process, and the check of the morning digest it
receives for the headteacher.
"""

from __future__ import annotations

import re
import socketserver
import threading
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

from smoke.common import SmokeFailure, check, wait_for
from smoke.config import HEADTEACHER, HOST
from smoke.pages import Report


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []

    def add(self, raw: bytes) -> None:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._messages.append(message)

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for Django's SMTP backend without TLS or login."""

    server: SMTPSink

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 smoke-sink ESMTP")
        while line := self.rfile.readline(65536):
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-smoke-sink")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.mailbox.add(self.read_data())
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline(1 << 20)) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
        return b"".join(lines)


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((HOST, 0), SMTPHandler)
        self.mailbox = Mailbox()

    @property
    def port(self) -> int:
        port: int = self.server_address[1]
        return port


def body_text(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    check(part is not None, f"Email {message['Subject']!r} has no {kind} part")
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


DIGEST_SUBJECT = re.compile(
    r"\d+ things? awaits? you( \(\d+ overdue\))? — Chestnuts Primary School"
)


def wait_for_digest(mailbox: Mailbox, timeout: float) -> EmailMessage:
    def digest() -> EmailMessage | None:
        for message in mailbox.messages():
            if HEADTEACHER in str(message["To"]) and "await" in str(message["Subject"]):
                return message
        return None

    try:
        return wait_for(f"the morning digest to reach {HEADTEACHER}", digest, timeout)
    except SmokeFailure as error:
        received = [f"{m['To']}: {m['Subject']}" for m in mailbox.messages()]
        raise SmokeFailure(f"{error}; the sink received: {received or 'nothing'}") from None


def check_digest(message: EmailMessage, report: Report, day: date) -> None:
    # A long encoded subject is folded onto its own line: the parsed value keeps the fold's space.
    subject = str(message["Subject"]).strip()
    check(DIGEST_SUBJECT.fullmatch(subject) is not None, f"Unexpected digest subject {subject!r}")
    text = body_text(message, "plain")
    check(
        f"on {day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in text,
        "The digest is not for the faked school day",
    )
    check(
        re.search(r"\d+ content reports? awaits? action", text) is not None,
        "The digest does not count the content report",
    )
    # PRODUCT.md: a digest never names a child and gives no details, only counts and links.
    both = text + body_text(message, "html")
    for secret in (report.child, report.url, "betting"):
        check(secret not in both, f"The digest leaks {secret!r}")
