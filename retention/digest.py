"""The morning digest's line for the headteacher: records the latest review lists that are
still to be disposed of (not held, not yet disposed). A count and a link, never a name."""

from __future__ import annotations

from django.urls import reverse

from notifications.digest import DigestItem, Reader, digest_provider
from retention.models import DisposalLog, RetentionReview
from retention.rules import held_records
from schools.models import School
from schools.roles import Role


def _told(reader: Reader) -> bool:
    return Role.HEADTEACHER in reader.roles


@digest_provider(audience=_told)
def retention_due(school: School) -> list[DigestItem]:
    review = RetentionReview.objects.for_school(school).first()
    if review is None:
        return []
    held = held_records(school)
    gone = set(
        DisposalLog.objects.for_school(school)
        .filter(review=review)
        .values_list("kind", "reference")
    )
    count = sum(
        1
        for kind, record_id, reference in review.entries.values_list(
            "kind", "record_id", "reference"
        )
        if (kind, record_id) not in held and (kind, reference) not in gone
    )
    if not count:
        return []
    url = reverse("retention:home", kwargs={"school_slug": school.slug})
    what = "1 record is" if count == 1 else f"{count} records are"
    return [
        DigestItem(
            label=f"{what} due to be disposed of under the retention rules: read the review",
            count=count,
            url=f"{url}#review",
            waiting_since=review.produced_at,
        )
    ]
