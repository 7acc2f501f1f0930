"""Policy tests: Oakfield's small policy, published; PDFs kept in a temporary folder."""

from __future__ import annotations

import pytest

from accounts.models import User
from jobs.models import Job
from jobs.runner import run_job_now
from policies.importer import parse_policy_text
from policies.models import PolicyVersion
from policies.pdf_sources import POLICY_VERSION
from policies.services import policy_import_draft, policy_publish
from schools.models import School

# Oakfield's policy: small, numbered, one clause with a list.
OAKFIELD_POLICY = """Oakfield Primary School
Social media policy

Statement of intent

We keep pupils safe online.

1. Blocked content

1.1. Social media sites are blocked:

- Facebook
- Instagram

1.2. Requests to unblock a site go to the headteacher.

1.3. The headteacher's decision is final.

2. Cyber bullying

2.1. Cyber bullying is taken seriously.
"""


@pytest.fixture
def version_one(school: School, head: User) -> PolicyVersion:
    draft = policy_import_draft(school=school, parsed=parse_policy_text(OAKFIELD_POLICY), by=head)
    return policy_publish(
        version=draft, by=head, material_change=True, change_summary="First version."
    )


def pdf_job(version: PolicyVersion) -> Job:
    """The job that makes ``version``'s PDF (asked for when it was published)."""
    return Job.objects.for_school(version.school).get(
        kind="documents.render",
        payload__subject_type=POLICY_VERSION,
        payload__subject_id=str(version.public_id),
    )


def run_pdf_job(version: PolicyVersion) -> Job:
    """Run the PDF job now, as a worker would (the same with or without REDIS_URL)."""
    job = pdf_job(version)
    run_job_now(job.school_id, job.pk)
    job.refresh_from_db()
    return job
