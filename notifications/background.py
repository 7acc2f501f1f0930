"""What people hear about background jobs.

- The person who asked for a job (``Job.requested_by``) gets a notification
  when it finishes, linking to the job's page, so they can leave and come
  back for the file.
- The headteacher's digest lists the jobs that failed in the school lately.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from notifications.digest import DigestItem, Reader, digest_provider
from notifications.models import Notification
from notifications.services import notify
from schools.models import School
from schools.roles import Role

JOB_FINISHED = "jobs.finished"
FAILED_JOBS_DAYS = 7


@dataclass(frozen=True)
class JobWords:
    done: str  # the requester's notification: "Your PDF is ready"
    failure: str  # "a PDF could not be produced"


GENERIC = JobWords("The work you asked for is finished", "a background task could not be finished")
# By the prefix of the job's kind. Words only: never anything from the job's
# payload or result, which may name a child.
JOB_WORDS: dict[str, JobWords] = {
    "documents.": JobWords("Your PDF is ready", "a PDF could not be produced"),
    "notifications.email": JobWords("An email was sent", "an email could not be sent"),
    "notifications.digest": JobWords(
        "A daily reminder was sent", "a daily reminder could not be sent"
    ),
}


def job_words(kind: str) -> JobWords:
    for prefix, words in JOB_WORDS.items():
        if kind.startswith(prefix):
            return words
    return GENERIC


def job_page_url(job: Job) -> str:
    kwargs = {"school_slug": job.school.slug}
    try:
        return reverse("jobs:detail", kwargs={**kwargs, "job_id": job.public_id})
    except NoReverseMatch:
        # Until the job page exists, the person's notifications are the next best place.
        return reverse("notifications:list", kwargs=kwargs)


def job_finished_notify(job: Job) -> list[Notification]:
    """Tell the person who asked for ``job`` that it finished (or could not be)."""
    if job.requested_by is None or not job.is_finished:
        return []
    words = job_words(job.kind)
    failed = job.status == JobStatus.FAILED
    return notify(
        school=job.school,
        users=[job.requested_by],
        kind=JOB_FINISHED,
        title=f"Sorry: {words.failure}" if failed else words.done,
        url=job_page_url(job),
        key=f"job:{job.public_id}",
    )


def _headteacher(reader: Reader) -> bool:
    return Role.HEADTEACHER in reader.roles


@digest_provider(audience=_headteacher)
def failed_jobs(school: School) -> list[DigestItem]:
    """For the headteacher: background jobs that failed here in the last week."""
    since = timezone.now() - timedelta(days=FAILED_JOBS_DAYS)
    failed = Job.objects.for_school(school).filter(status=JobStatus.FAILED, finished_at__gte=since)
    summary = failed.aggregate(count=Count("pk"), first=Min("finished_at"), last=Max("finished_at"))
    count: int = summary["count"]
    if not count:
        return []
    latest = failed.order_by("-finished_at", "-pk").first()
    assert latest is not None
    jobs = "background job" if count == 1 else "background jobs"
    return [
        DigestItem(
            label=f"{count} {jobs} failed — e.g. {job_words(latest.kind).failure}",
            count=count,
            url=job_page_url(latest),
            waiting_since=summary["first"],
        )
    ]
