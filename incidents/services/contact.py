"""The quick contact-attempt log: a pupil or parent tried to "friend" or message a member
of staff (Chestnuts 5.7, 6.3-6.4; Norris Bank 5.4, 6.3).

Two facts, who and where, logged from a phone in seconds. The headteacher is
told that an attempt was logged, and where to look, never who logged it or
who tried: the log itself shows that to those who handle incidents.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from incidents.models import ContactAttempt, Contacter
from incidents.services.common import school_url
from notifications.services import notify
from schools.models import Membership, School, SocialNetwork
from schools.records import save_as
from schools.roles import Role

NOTIFICATION_TITLE = "A member of staff logged a contact attempt"


def _headteachers(school: School, but: User) -> list[User]:
    memberships = (
        Membership.objects.for_school(school)
        .filter(role=Role.HEADTEACHER, ended_at__isnull=True, user__is_active=True)
        .exclude(user=but)
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in memberships}.values())


@transaction.atomic
def contact_attempt_record(
    *,
    school: School,
    by: User,
    who: str,
    platform: SocialNetwork | None = None,
    platform_other: str = "",
) -> ContactAttempt:
    """Log an attempt to contact ``by``; the headteacher is told (in the portal and by email)."""
    if who not in Contacter.values:
        raise ValidationError({"who": "Choose who tried to contact you."})
    platform_other = platform_other.strip()
    if platform is not None and platform.school_id != school.pk:
        raise ValidationError({"platform": "Choose a place from the school's list."})
    if platform is None and not platform_other:
        raise ValidationError(
            {"platform": "Choose where it happened, or type it under “Somewhere else”."}
        )
    attempt = ContactAttempt(
        school=school,
        who=who,
        platform=platform,
        platform_other="" if platform is not None else platform_other,
        reported_by=by,
    )
    save_as(attempt, by)
    # Content-free: nothing of who logged it, who tried, or where.
    notify(
        school=school,
        users=_headteachers(school, but=by),
        kind="incidents",
        title=NOTIFICATION_TITLE,
        url=school_url(school, "contacts"),
        email_template="notification",
        by=by,
    )
    return attempt
