"""Email: HTML and plain text from ``templates/emails/<name>``, sent once per key.

Each email has three templates: ``<name>_subject.txt``, ``<name>.txt`` and
``<name>.html``. Only job handlers send: ``email_send`` takes the job whose
work it is, so a web request never waits on a mail server, and a job
delivered twice finds its key in the ``SentEmail`` log and sends nothing the
second time.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from jobs.models import Job
from notifications.models import SentEmail

# Mail clients show these as "high importance"; only urgent alerts carry them.
URGENT_HEADERS = {"Importance": "high", "X-Priority": "1 (Highest)"}

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def absolute_url(path: str) -> str:
    """A portal path as a link that works from a mail client."""
    if not path.startswith("/"):
        return path
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path


def render_email(template: str, context: Mapping[str, Any]) -> RenderedEmail:
    full = {"portal_name": settings.PORTAL_NAME, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", full)
    return RenderedEmail(
        subject=" ".join(subject.split())[:300],  # a header: one line
        text=render_to_string(f"emails/{template}.txt", full),
        html=render_to_string(f"emails/{template}.html", full),
    )


def email_key(job: Job, part: str = "") -> str:
    key = f"{job.kind}:{job.key}"
    return f"{key}:{part}" if part else key


def sent_parts(job: Job) -> set[str]:
    """The keys of the emails ``job`` has sent already, for a job sending many; one query."""
    prefix = email_key(job, "-")[:-1]
    sent = SentEmail.objects.for_school(job.school).filter(key__startswith=prefix)
    return set(sent.values_list("key", flat=True))


def email_send(
    *,
    job: Job,
    to: str,
    template: str,
    context: Mapping[str, Any],
    part: str = "",
    urgent: bool = False,
    attachments: Iterable[Attachment] = (),
    sent: Container[str] | None = None,
) -> bool:
    """Send ``template`` to ``to`` as the work of ``job``, unless already sent.

    ``part`` tells apart several emails sent by one job; a job sending many
    passes ``sent=sent_parts(job)``, read once, instead of a query each.
    Returns whether an email went out now.
    """
    school = job.school
    key = email_key(job, part)
    if sent is not None:
        if key in sent:
            return False
    elif SentEmail.objects.for_school(school).filter(key=key).exists():
        return False
    rendered = render_email(template, {"school": school, **context})
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[to],
        headers=URGENT_HEADERS if urgent else None,
    )
    message.attach_alternative(rendered.html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    # The log row and the send stand or fall together: if sending fails the row
    # is rolled back and the job's retry sends again. A worker that dies between
    # sending and committing may send twice; none is ever lost.
    try:
        with transaction.atomic():
            SentEmail.objects.create(
                school=school, key=key, to=to, subject=rendered.subject, template=template
            )
            message.send()
    except IntegrityError:
        return False  # another delivery of the same job got here first
    return True
