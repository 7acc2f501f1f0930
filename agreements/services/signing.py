"""Signing: one service for the kiosk, the personal link and the paper copy.

The form carries an idempotency key chosen when the form was shown. The same
key sent again — a double tap, a resubmission after a timeout on the school's
Wi-Fi — returns the agreement the first submission made, never a second one.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from agreements.models import (
    ENGLISH,
    Agreement,
    AgreementVersion,
    Child,
    KioskSession,
    Match,
    Method,
    SignatureKind,
    SigningLink,
)
from agreements.services.copies import COPY_DELAY, agreement_copy_request
from documents.services import document_refresh
from schools.models import School, SchoolClass
from schools.records import next_number, save_as

AGREEMENT_PDF = "agreement"


@dataclass(frozen=True)
class Signer:
    """What the family entered on the form."""

    parent_name: str
    child_name: str
    school_class: SchoolClass
    signature_kind: str  # SignatureKind
    signature: str = ""  # path data when drawn, the name when typed
    email: str = ""
    second_carer_name: str = ""
    second_signature_kind: str = ""
    second_signature: str = ""
    language: str = ENGLISH


def name_key(name: str) -> str:
    """A name as the roster match compares it: accents, case, punctuation and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def roster_match(school: School, child_name: str, school_class: SchoolClass) -> Child | None:
    """The one child on roll in ``school_class`` with this name; None when none or several."""
    wanted = name_key(child_name)
    found = [
        child
        for child in Child.objects.for_school(school).filter(
            school_class=school_class, on_roll=True
        )
        if name_key(child.full_name) == wanted
    ]
    return found[0] if len(found) == 1 else None


def signed_text(version: AgreementVersion, language: str) -> tuple[str, str, str, str]:
    """(language, its name, title, body) of ``version`` in ``language``, else in English."""
    if language != ENGLISH:
        translation = version.translations.filter(language=language).first()
        if translation is not None:
            return language, translation.language_name, translation.title, translation.body
    return ENGLISH, "English", version.title, version.body


def agreement_sign(
    *,
    school: School,
    key: uuid.UUID,
    version: AgreementVersion,
    signer: Signer,
    method: Method,
    kiosk: KioskSession | None = None,
    link: SigningLink | None = None,
    recorded_by: User | None = None,
) -> tuple[Agreement, bool]:
    """The agreement for ``key``: made now (True), or the one it already made (False)."""
    existing = Agreement.objects.for_school(school).filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _sign(school, key, version, signer, method, kiosk, link, recorded_by), True
    except IntegrityError:
        # The same key, sent twice at once: the other request made it first.
        existing = Agreement.objects.for_school(school).filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False


def _sign(
    school: School,
    key: uuid.UUID,
    version: AgreementVersion,
    signer: Signer,
    method: Method,
    kiosk: KioskSession | None,
    link: SigningLink | None,
    recorded_by: User | None,
) -> Agreement:
    number = next_number(Agreement, school)  # locks the school's row until commit
    existing = Agreement.objects.for_school(school).filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    language, language_name, title, body = signed_text(version, signer.language)
    child = roster_match(school, signer.child_name, signer.school_class)
    agreement = Agreement(
        school=school,
        number=number,
        idempotency_key=key,
        academic_year=version.academic_year,
        version=version,
        language=language,
        language_name=language_name,
        title_signed=title,
        text_signed=body,
        parent_name=signer.parent_name.strip(),
        child_name=signer.child_name.strip(),
        school_class=signer.school_class,
        email=signer.email.strip(),
        signature_kind=signer.signature_kind,
        signature=signer.signature,
        second_carer_name=signer.second_carer_name.strip(),
        second_signature_kind=signer.second_signature_kind if signer.second_carer_name else "",
        second_signature=signer.second_signature if signer.second_carer_name else "",
        method=method,
        signed_at=timezone.now(),
        kiosk=kiosk,
        link=link,
        recorded_by=recorded_by,
        child=child,
        match=Match.MATCHED if child is not None else Match.UNMATCHED,
    )
    # The number and the key were settled above, holding the school's row locked.
    save_as(agreement, recorded_by, settled=["number", "idempotency_key"])
    if link is not None:
        link.used_at = agreement.signed_at
        save_as(link, recorded_by, fields=["used_at"])
    document_refresh(school=school, subject_type=AGREEMENT_PDF, subject_id=str(agreement.public_id))
    if agreement.email:
        agreement_copy_request(agreement, delay=COPY_DELAY)
    return agreement


__all__ = ["AGREEMENT_PDF", "SignatureKind", "Signer", "agreement_sign", "name_key", "roster_match"]
