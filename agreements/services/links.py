"""Personal signing links: sent by staff to a family who missed the evening.

A link carries a signed token naming the ``SigningLink``; the token is signed
with a salt that includes the school, so it opens nothing under another
school's address. It works once, until its ``expires_at``, and not at all once
cancelled or once the child's family has signed the text now in force.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, AgreementVersion, Child, SigningLink
from agreements.services.texts import YearTexts, current_version, last_material_version, year_texts
from jobs.models import Job
from jobs.services import job_enqueue
from notifications.email import absolute_url, email_send
from schools.calendar import current_academic_year
from schools.models import School
from schools.records import save_as

LINK_DAYS = 14
LINK_SALT = "agreements.link"
LINK_EMAIL_JOB = "agreements.link_email"
LINK_TEMPLATE = "agreement_link"
# The database's expires_at decides; the token's own age is a backstop.
_TOKEN_MAX_AGE = datetime.timedelta(days=LINK_DAYS + 1)


class LinkState(enum.Enum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    SIGNED = "signed"  # the family signed already, by another link, a kiosk or on paper
    INVALID = "invalid"  # tampered, unknown, another school's, or the round has closed


def _salt(school: School) -> str:
    return f"{LINK_SALT}:{school.public_id}"


def link_token(link: SigningLink) -> str:
    return signing.dumps(str(link.public_id), salt=_salt(link.school), compress=False)


def link_from_token(school: School, token: str) -> SigningLink | None:
    """The school's link the token names, or None when it is not a genuine token of it."""
    try:
        value = signing.loads(token, salt=_salt(school), max_age=_TOKEN_MAX_AGE)
        public_id = uuid.UUID(str(value))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    link = (
        SigningLink.objects.for_school(school)
        .select_related("child", "child__school_class", "created_by")
        .filter(public_id=public_id)
        .first()
    )
    if link is not None:
        link.school = school  # the school it was looked up in: no second read of it
    return link


def child_has_signed(school: School, child: Child, year: int) -> bool:
    """Whether the child's family signed ``year``'s text now in force (its last material one)."""
    return _signed_since(school, child, year, last_material_version(school, year))


def _signed_since(
    school: School, child: Child, year: int, material: AgreementVersion | None
) -> bool:
    signed = Agreement.objects.for_school(school).filter(
        Q(child=child) | Q(link__child=child), academic_year=year
    )
    if material is not None:
        signed = signed.filter(version__number__gte=material.number)
    return signed.exists()


def _closed_state(link: SigningLink, year: int) -> LinkState | None:
    """The state of a link that no longer works for a reason of its own, else None."""
    if link.cancelled_at is not None:
        return LinkState.CANCELLED
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= timezone.now() or link.academic_year != year:
        return LinkState.EXPIRED
    if not link.child.on_roll:
        return LinkState.INVALID
    return None


def link_state(link: SigningLink, texts: YearTexts | None = None) -> LinkState:
    """``texts``: the current year's ``year_texts``, if the caller has read them."""
    school = link.school
    year = current_academic_year(school).year
    closed = _closed_state(link, year)
    if closed is not None:
        return closed
    # An open link is this year's (else it expired): this year's texts decide.
    texts = texts or year_texts(school, year)
    if texts.current is None:
        return LinkState.INVALID
    if _signed_since(school, link.child, link.academic_year, texts.material):
        return LinkState.SIGNED
    return LinkState.OPEN


def family_signed(school: School, year: int, texts: YearTexts) -> ExpressionWrapper[Q]:
    """Whether the family of the outer query's link's child signed ``year``'s text in
    force (by this link or another way): a column for the links' own query."""
    signed = Agreement.objects.for_school(school).filter(academic_year=year)
    if texts.material is not None:
        signed = signed.filter(version__number__gte=texts.material.number)
    child = OuterRef("child_id")
    # Two lookups, not one with an OR: each reaches the child's few agreements by an
    # index (the agreement's child, or the child's links), where an OR across the two
    # tables made PostgreSQL read the school's whole year for every link.
    either = Q(Exists(signed.filter(child=child))) | Q(Exists(signed.filter(link__child=child)))
    return ExpressionWrapper(either, output_field=BooleanField())


def link_states(school: School, links: list[SigningLink], texts: YearTexts) -> list[LinkState]:
    """``link_state`` of each of ``links``, read with their children and annotated with
    ``family_signed=family_signed(school, <this year>, texts)``: no query of its own."""
    year = current_academic_year(school).year
    states = []
    for link in links:
        closed = _closed_state(link, year)
        if closed is None:
            closed = LinkState.INVALID if texts.material is None else None
        signed = link.family_signed  # type: ignore[attr-defined]
        states.append(closed or (LinkState.SIGNED if signed else LinkState.OPEN))
    return states


@transaction.atomic
def link_send(*, school: School, by: User, child: Child, email: str) -> SigningLink:
    """A new personal link for ``child``'s family, emailed to ``email`` once committed."""
    if child.school_id != school.pk or not child.on_roll:
        raise ValidationError({"child": "Choose a child on this school's roll."})
    year = current_academic_year(school).year
    if current_version(school, year) is None:
        raise ValidationError("Start this year's agreement round before sending links.")
    if child_has_signed(school, child, year):
        raise ValidationError(
            {"child": f"{child.full_name}'s family has already signed this year's agreement."}
        )
    link = SigningLink(
        school=school,
        child=child,
        academic_year=year,
        email=email.strip(),
        created_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
    )
    save_as(link, by)
    # Ids only: the job reloads the link (and builds its token) inside the school.
    job_enqueue(
        school=school,
        kind=LINK_EMAIL_JOB,
        key=str(link.public_id),
        payload={"link": str(link.public_id)},
        requested_by=None,
    )
    return link


@transaction.atomic
def link_cancel(*, link: SigningLink, by: User) -> bool:
    """Stop a link working. False when it was already used or cancelled."""
    link = SigningLink.objects.for_school(link.school).select_for_update().get(pk=link.pk)
    if link.used_at is not None or link.cancelled_at is not None:
        return False
    link.cancelled_at = timezone.now()
    save_as(link, by, fields=["cancelled_at"])
    return True


def link_url(link: SigningLink) -> str:
    path = reverse(
        "agreements:sign", kwargs={"school_slug": link.school.slug, "token": link_token(link)}
    )
    return absolute_url(path)


def link_email_send(job: Job) -> dict[str, Any]:
    """The link job: email the family their personal link, unless it no longer works."""
    link = (
        SigningLink.objects.for_school(job.school)
        .select_related("school")
        .filter(public_id=job.payload.get("link"))
        .first()
    )
    if link is None or link.cancelled_at is not None or link.used_at is not None:
        return {"sent": False}
    expires = timezone.localtime(link.expires_at, link.school.tz)
    sent = email_send(
        job=job,
        to=link.email,
        template=LINK_TEMPLATE,
        context={"link": link_url(link), "expires_on": f"{expires.day} {expires:%B %Y}"},
    )
    return {"sent": sent}
