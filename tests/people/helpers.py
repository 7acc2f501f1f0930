"""Shared steps of the people tests: invite through the page, read the emailed link."""

from __future__ import annotations

import html
import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.mail import account_mail
from schools.models import School

LINK = re.compile(r"https?://[^\s]+/invitations/[^\s/]+/")
NEW_PASSWORD = "Plum-orchard-lantern-42"


def url(school: School, name: str, **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"school_slug": school.slug, **kwargs})


def text(response: Any) -> str:
    """The page's words as a reader sees them: no tags, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def sent_mail() -> list[mail.EmailMessage]:
    """The outbox, once the background sender has sent what it was given."""
    assert account_mail.flush()
    return list(mail.outbox)


def emailed_link(to: str) -> str:
    """The path of the invitation link in the last email to ``to``."""
    messages = [m for m in sent_mail() if m.to == [to]]
    assert messages, f"no email to {to}"
    found = LINK.search(messages[-1].body)
    assert found, messages[-1].body
    return "/" + found.group(0).split("/", 3)[3]


def invite(client: Client, school: School, capture: Any, **data: Any) -> Any:
    """Send the invitation form, running what waits for the commit (the email)."""
    fields = {"full_name": "Nina Newton", "email": "nina@oakfield.test", "roles": ["teacher"]}
    fields.update(data)
    with capture(execute=True):
        return client.post(url(school, "invite"), fields)
