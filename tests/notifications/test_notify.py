"""notify(): a notification per member, and an email per person by a job, sent once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from jobs import dispatch
from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from notifications.models import SentEmail
from notifications.services import EMAIL_JOB, notify
from schools.roles import Role
from schools.services import membership_end
from tests.factories import UserFactory, member
from tests.notifications.helpers import notifications_of, run_pending


def tell(school, users, **extra):
    fields = {
        "school": school,
        "users": users,
        "kind": "test.notice",
        "title": "Something needs your attention",
        "url": f"/{school.slug}/",
    }
    return notify(**{**fields, **extra})


def test_each_member_gets_one_notification(school, head, dsl):
    rows = tell(school, [head, dsl, head])

    assert sorted(n.user_id for n in rows) == sorted([head.pk, dsl.pk])
    assert [n.title for n in notifications_of(head, school)] == ["Something needs your attention"]


def test_people_outside_the_school_are_not_notified(school, head, outsider):
    stranger = UserFactory()

    rows = tell(school, [head, outsider, stranger])

    assert [n.user_id for n in rows] == [head.pk]


def test_people_who_left_are_not_notified(school, head):
    leaver = member(school, Role.TEACHER)
    membership = leaver.memberships.get(school=school)
    membership_end(membership=membership, by=head)

    assert tell(school, [leaver]) == []


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x", "x"]
)
def test_the_link_stays_inside_the_portal(school, head, outsider, url):
    for users in ([head], [outsider]):  # refused even when nobody would receive it
        with pytest.raises(ValueError, match="path in the portal"):
            tell(school, users, url=url)


def test_a_title_is_required(school, head):
    with pytest.raises(ValueError, match="title"):
        tell(school, [head], title="   ")


def test_a_key_notifies_each_person_once(school, head, dsl):
    tell(school, [head], key="thing:1")

    again = tell(school, [head, dsl], key="thing:1")

    assert [n.user_id for n in again] == [dsl.pk]
    assert len(notifications_of(head, school)) == 1


def test_the_acting_person_is_recorded(school, head, teacher):
    (row,) = tell(school, [head], by=teacher)

    assert row.created_by == teacher


def test_no_email_unless_asked(school, head):
    tell(school, [head])

    assert not Job.objects.for_school(school).filter(kind=EMAIL_JOB).exists()


def test_one_email_job_per_person_keyed_by_the_notification(school, head, dsl):
    rows = tell(school, [head, dsl], email_template="notification")

    keys = set(Job.objects.for_school(school).values_list("key", flat=True))
    assert keys == {f"notification:{row.public_id}" for row in rows}


def test_the_email_goes_out_after_commit_in_process(school, head, committed):
    with committed():
        tell(school, [head], email_template="notification")

    (email,) = mail.outbox
    assert email.to == ["head@oakfield.test"]
    assert email.subject == "Something needs your attention — Oakfield Primary School"


def test_the_email_has_text_and_html(school, head):
    tell(school, [head], email_template="notification")
    run_pending(school)

    (email,) = mail.outbox
    html, mimetype = email.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    link = f"https://portal.example/{school.slug}/"
    assert link in email.body
    assert f'href="{link}"' in html
    assert "<html" not in email.body
    assert "you are headteacher at Oakfield Primary School" in email.body


def test_a_redelivered_email_job_sends_no_second_email(school, head):
    tell(school, [head], email_template="notification")
    job = Job.objects.for_school(school).get(kind=EMAIL_JOB)
    run_job_now(school.pk, job.pk)
    # The worker died after sending, before the job was marked done: the job
    # is pending again and delivered a second time.
    Job.objects.for_school(school).filter(pk=job.pk).update(
        status=JobStatus.PENDING, available_at=timezone.now()
    )

    run_job_now(school.pk, job.pk)

    assert len(mail.outbox) == 1
    assert SentEmail.objects.for_school(school).count() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"sent": False}


def test_asking_twice_for_the_same_email_is_the_same_job(school, head):
    from jobs.services import job_enqueue

    (row,) = tell(school, [head], email_template="notification")
    first = Job.objects.for_school(school).get(kind=EMAIL_JOB)

    again = job_enqueue(school=school, kind=EMAIL_JOB, key=f"notification:{row.public_id}")

    assert again.pk == first.pk


def test_someone_who_left_before_the_email_went_gets_none(school, head, teacher):
    tell(school, [teacher], email_template="notification")
    membership_end(membership=teacher.memberships.get(school=school), by=head)

    run_pending(school)

    assert mail.outbox == []


def test_with_a_broker_the_email_waits_for_the_worker(
    school, head, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """As with REDIS_URL: the job is handed to the broker at commit, sent by a worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    published: list[tuple[int, int]] = []

    def publish(ref: tuple[int, int]) -> bool:
        published.append(ref)
        return True

    monkeypatch.setattr(dispatch, "publish", publish)

    with django_capture_on_commit_callbacks(execute=True):
        tell(school, [head], email_template="notification")
    assert dispatch.dispatcher.flush()

    job = Job.objects.for_school(school).get(kind=EMAIL_JOB)
    assert published == [(school.pk, job.pk)]
    assert mail.outbox == []
    run_job_now(school.pk, job.pk)  # the worker
    assert len(mail.outbox) == 1
