"""Sending email: both parts from templates, once per key, only as a job's work."""

from __future__ import annotations

import pytest
from django.core import mail

from jobs.models import Job
from notifications.email import absolute_url, email_send, render_email
from notifications.models import SentEmail


def a_job(school, key="k1"):
    return Job.objects.create(
        school=school, kind="notifications.email", key=key, available_at=school.created_at
    )


def context(head, school):
    return {
        "school": school,
        "recipient": head,
        "recipient_roles": ["Headteacher"],
        "notification": {"title": "A thing needs you"},
        "link": "https://portal.example/oakfield/",
    }


def test_render_gives_a_one_line_subject_and_both_bodies(school, head):
    email = render_email("notification", context(head, school))

    assert email.subject == "A thing needs you — Oakfield Primary School"
    assert "A thing needs you." in email.text
    assert "<html" in email.html
    assert 'href="https://portal.example/oakfield/"' in email.html


def test_send_puts_text_first_and_html_as_the_alternative(school, head):
    sent = email_send(
        job=a_job(school), to=head.email, template="notification", context=context(head, school)
    )

    assert sent is True
    (email,) = mail.outbox
    assert email.content_subtype == "plain"
    assert [mimetype for _, mimetype in email.alternatives] == ["text/html"]
    message = email.message().as_string()
    assert "multipart/alternative" in message


def test_the_same_job_sends_once(school, head):
    job = a_job(school)
    kwargs = {"to": head.email, "template": "notification", "context": context(head, school)}

    assert email_send(job=job, **kwargs) is True
    assert email_send(job=job, **kwargs) is False

    assert len(mail.outbox) == 1
    (log,) = SentEmail.objects.for_school(school)
    assert (log.key, log.to, log.template) == (
        "notifications.email:k1",
        head.email,
        "notification",
    )


def test_parts_of_one_job_are_sent_separately(school, head):
    job = a_job(school)
    kwargs = {"to": head.email, "template": "notification", "context": context(head, school)}

    email_send(job=job, part="first", **kwargs)
    email_send(job=job, part="second", **kwargs)

    assert len(mail.outbox) == 2


def test_the_same_key_in_another_school_is_another_email(school, other_school, head):
    kwargs = {"to": head.email, "template": "notification", "context": context(head, school)}

    email_send(job=a_job(school), **kwargs)
    email_send(job=a_job(other_school), **kwargs)

    assert len(mail.outbox) == 2


def test_a_failed_send_is_not_logged_so_the_retry_sends(school, head, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_email.BrokenBackend"
    job = a_job(school)
    kwargs = {"to": head.email, "template": "notification", "context": context(head, school)}

    with pytest.raises(ConnectionError):
        email_send(job=job, **kwargs)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert not SentEmail.objects.for_school(school).exists()
    assert email_send(job=job, **kwargs) is True


def test_urgent_email_is_marked_high_importance(school, head):
    email_send(
        job=a_job(school),
        to=head.email,
        template="notification",
        context=context(head, school),
        urgent=True,
    )

    assert mail.outbox[0].extra_headers["Importance"] == "high"


def test_links_in_emails_are_absolute(settings):
    settings.PORTAL_BASE_URL = "https://policies.example.org/"

    assert absolute_url("/oakfield/x/") == "https://policies.example.org/oakfield/x/"


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("the mail server is down")
