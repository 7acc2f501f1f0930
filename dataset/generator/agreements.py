"""This year's home-school agreement: its text, two kiosk sessions, signatures and links.

About 200 children's agreements are signed at a kiosk, through a link or on
paper; some of the rest have links sent and not (yet) used.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from agreements.models import (
    DEFAULT_TITLE,
    Agreement,
    AgreementSettings,
    AgreementVersion,
    Child,
    KioskSession,
    Match,
    Method,
    SignatureKind,
    SigningLink,
)
from agreements.text import default_body
from dataset import names
from dataset.generator.history import _by
from dataset.generator.seeded import AGREEMENTS, DAY, _School
from schools.models import School, SchoolClass
from schools.roles import Role


def _agreements(
    s: _School,
    school: School,
    staff: dict[Role, list[User]],
    classes: list[SchoolClass],
    children: list[Child],
) -> None:
    head = staff[Role.HEADTEACHER][0]
    start = s.today.year if s.today.month >= 9 else s.today.year - 1
    round_at = datetime.datetime(start, 9, 3, 9, 0, tzinfo=datetime.UTC)
    version = AgreementVersion(
        public_id=s.uid(), school=school, academic_year=start, number=1, title=DEFAULT_TITLE,
        body=default_body(), created_by=head, created_at=round_at,
    )  # fmt: skip
    s.rows.add(version, at=round_at, by=_by(head))
    s.rows.add(AgreementSettings(school=school), at=round_at, by=_by(head))
    kiosks = _kiosks(s, school, head, round_at)
    signed = s.rng.sample(children, min(AGREEMENTS + s.rng.randint(-15, 15), len(children)))
    for i, child in enumerate(signed):
        _agreement(s, school, head, version, kiosks, i, child)
    _unused_links(s, school, head, start, children, signed)


def _kiosks(
    s: _School, school: School, head: User, round_at: datetime.datetime
) -> list[KioskSession]:
    kiosks = []
    for k, event in enumerate(("Parents' evening, autumn term", "Open morning")):
        started = round_at + datetime.timedelta(days=30 + 40 * k)
        kiosk = KioskSession(
            public_id=s.uid(), school=school, event=event, started_by=head, started_at=started,
            expires_at=started + datetime.timedelta(hours=4),
            ended_at=started + datetime.timedelta(hours=3), ended_by=head,
        )  # fmt: skip
        kiosks.append(s.rows.add(kiosk, at=started, by=_by(head)))
    return kiosks


def _agreement(
    s: _School,
    school: School,
    head: User,
    version: AgreementVersion,
    kiosks: list[KioskSession],
    i: int,
    child: Child,
) -> None:
    """The school's agreement ``i + 1``, for ``child``, recorded by the headteacher."""
    method = s.state(i, list(Method), [6, 3, 1])
    match = s.state(i, list(Match), [90, 3, 1]) if method != Method.LINK else Match.MATCHED
    signed_at = min(version.created_at + datetime.timedelta(days=s.rng.randint(30, 120)), s.now)
    parent = f"{s.pick(names.FIRST_NAMES)} {child.last_name}"
    kind = (
        SignatureKind.PAPER
        if method == Method.PAPER
        else s.state(i, [SignatureKind.DRAWN, SignatureKind.TYPED], [4, 1])
    )
    agreement = Agreement(
        public_id=s.uid(),
        school=school,
        number=i + 1,
        idempotency_key=s.uid(),
        academic_year=version.academic_year,
        version=version,
        title_signed=DEFAULT_TITLE,
        text_signed=version.body,
        parent_name=parent,
        child_name=f"{child.first_name} {child.last_name}",
        school_class=child.school_class,
        email=f"parent{i}@families.example" if s.rng.random() < 0.5 else "",
        signature_kind=kind,
        signature="M10 20 C30 5, 50 35, 70 20" if kind == SignatureKind.DRAWN else parent,
        method=method,
        signed_at=signed_at,
        recorded_by=head,
        recorded_at=signed_at,
        child=child if match == Match.MATCHED else None,
        match=match,
    )
    if kind == SignatureKind.PAPER:
        agreement.signature = ""
    if method == Method.KIOSK:
        agreement.kiosk = kiosks[i % 2]
    elif method == Method.LINK:
        agreement.link = _used_link(s, school, head, agreement, i, child)
    s.rows.add(agreement, at=signed_at, by=_by(head))


def _used_link(
    s: _School, school: School, head: User, agreement: Agreement, i: int, child: Child
) -> SigningLink:
    """The link ``agreement`` was signed through: sent three days before, used to sign."""
    signed_at = agreement.signed_at
    link = SigningLink(
        public_id=s.uid(), school=school, child=child, academic_year=agreement.academic_year,
        email=f"parent{i}@families.example", created_by=head,
        created_at=signed_at - 3 * DAY, expires_at=signed_at + 11 * DAY, used_at=signed_at,
    )  # fmt: skip
    s.rows.add(link, at=link.created_at, by=_by(head))
    return link


def _unused_links(
    s: _School, school: School, head: User, start: int, children: list[Child], signed: list[Child]
) -> None:
    """Links sent and not (yet) used: open, cancelled and expired ones."""
    signed_ids = {id(c) for c in signed}
    for j, child in enumerate(c for c in children if id(c) not in signed_ids):
        if j >= 30:
            break
        sent = s.when(60, 1)
        link = SigningLink(
            public_id=s.uid(), school=school, child=child, academic_year=start,
            email=f"carer{j}@families.example", created_by=head, created_at=sent,
            expires_at=sent + 14 * DAY,
            cancelled_at=sent + DAY if j % 5 == 0 else None,
        )  # fmt: skip
        s.rows.add(link, at=sent, by=_by(head))
