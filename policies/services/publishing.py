"""Publishing: a draft becomes the next numbered version, in force from now, for good."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from documents.services import document_request
from policies.models import PolicyVersion, VersionStatus
from policies.pdf_sources import POLICY_VERSION
from policies.services.reading import PolicyError, draft_problems, policy_current, require_draft
from schools.calendar import school_today
from schools.models import School


@transaction.atomic
def policy_publish(
    *,
    version: PolicyVersion,
    by: User,
    material_change: bool,
    change_summary: str = "",
    review_due: date | None = None,
) -> PolicyVersion:
    """Freeze a draft as the next numbered version, in force from now, and ask for its PDF."""
    require_draft(version)
    problems = draft_problems(version)
    if problems:
        raise PolicyError(" ".join(problems))
    school = version.school
    if review_due is not None and review_due <= school_today(school):
        raise PolicyError("The next review must be after today.")
    previous = policy_current(school)
    latest = (
        PolicyVersion.objects.for_school(school)
        .filter(number__isnull=False)
        .aggregate(m=Max("number"))["m"]
    )
    version.number = (latest or 0) + 1
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    # The first version is always one staff must acknowledge.
    version.material_change = material_change or previous is None
    version.change_summary = change_summary.strip()
    version.review_due = review_due or a_year_from_now(school)
    version._history_user = by  # type: ignore[attr-defined]
    version.save()
    # The job is written in this transaction and runs after it commits. Nobody
    # waits on it (requested_by=None): the pages say the PDF is being prepared.
    document_request(
        school=school,
        subject_type=POLICY_VERSION,
        subject_id=str(version.public_id),
        requested_by=None,
    )
    return version


def a_year_from_now(school: School) -> date:
    today = school_today(school)
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)
