"""Finding the person a subject access request is about: pupils, parents and staff.

Three queries whatever the school's size, each capped: the roster (pupils),
the signed agreements (parents and carers, who have no account: a parent is
the name and email they signed with), and the school's memberships (staff,
current or former). Results are grouped so that people with the same name
can be told apart: a pupil by class, a parent by the child they signed for,
a member of staff by their roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import User
from agreements.models import Agreement, Child
from agreements.services.signing import name_key
from schools.models import Membership, School

MIN_LENGTH = 2
SHOWN = 20  # people of each kind on the page
# Rows read to group parents and staff: a parent signs once a year for each child.
READ = 200


@dataclass
class ParentFound:
    name: str
    email: str
    children: list[str] = field(default_factory=list)
    agreements: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return name_key(self.name), self.email.casefold()


@dataclass
class StaffFound:
    user: User
    roles: list[str] = field(default_factory=list)
    current: bool = False


@dataclass
class Found:
    text: str
    pupils: list[Child]
    parents: list[ParentFound]
    staff: list[StaffFound]
    more: bool = False  # some kind had more than SHOWN: ask for a fuller name

    @property
    def empty(self) -> bool:
        return not (self.pupils or self.parents or self.staff)


def _pupils(school: School, text: str) -> list[Child]:
    words = text.split()
    found = Q()
    for word in words:
        found &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    if reference := text.strip():
        found |= Q(reference__iexact=reference)
    children = Child.objects.for_school(school).filter(found).select_related("school_class")
    return list(children.order_by("last_name", "first_name", "pk")[: SHOWN + 1])


def parents_in(agreements: list[Agreement], text: str = "") -> list[ParentFound]:
    """The parents and carers who signed ``agreements``, one entry per name and email.

    With ``text``, only those whose name or email contains it (a second carer
    shares the first carer's agreement but not their email).
    """
    wanted = name_key(text)
    people: dict[tuple[str, str], ParentFound] = {}
    for agreement in agreements:
        signers = [(agreement.parent_name, agreement.email)]
        if agreement.second_carer_name:
            signers.append((agreement.second_carer_name, ""))
        for name, email in signers:
            if wanted and wanted not in name_key(name) and text.casefold() not in email.casefold():
                continue
            parent = ParentFound(name=name, email=email)
            parent = people.setdefault(parent.key, parent)
            child = f"{agreement.child_name} ({agreement.school_class.name})"
            if child not in parent.children:
                parent.children.append(child)
            parent.agreements += 1
    return sorted(people.values(), key=lambda p: (name_key(p.name), p.email))


def _parents(school: School, text: str) -> list[ParentFound]:
    agreements = (
        Agreement.objects.for_school(school)
        .filter(
            Q(parent_name__icontains=text)
            | Q(second_carer_name__icontains=text)
            | Q(email__icontains=text)
        )
        .select_related("school_class")
        .order_by("-signed_at", "-pk")[:READ]
    )
    return parents_in(list(agreements), text)


def _staff(school: School, text: str) -> list[StaffFound]:
    memberships = (
        Membership.objects.for_school(school)
        .filter(Q(user__full_name__icontains=text) | Q(user__email__icontains=text))
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")[:READ]
    )
    people: dict[int, StaffFound] = {}
    for membership in memberships:
        person = people.setdefault(membership.user_id, StaffFound(user=membership.user))
        ended = " (ended)" if membership.ended_at else ""
        person.roles.append(f"{membership.get_role_display()}{ended}")
        person.current = person.current or membership.ended_at is None
    return list(people.values())


def search(school: School, text: str) -> Found:
    """Pupils, parents and staff of ``school`` whose name (or email, or reference) has ``text``."""
    text = " ".join(text.split())
    pupils, parents, staff = _pupils(school, text), _parents(school, text), _staff(school, text)
    more = any(len(kind) > SHOWN for kind in (pupils, parents, staff))
    return Found(text, pupils[:SHOWN], parents[:SHOWN], staff[:SHOWN], more)
