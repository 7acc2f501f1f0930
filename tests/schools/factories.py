"""The schools' own reference-list entries for tests (Appendices 4 and 5)."""

from __future__ import annotations

from typing import Any

from schools.models import PhoneProvider, School, SocialNetwork
from schools.services import reference_defaults_ensure, reference_lists_copy


def reference_lists_in(school: School) -> None:
    """The platform's lists exist, and ``school`` has its own copy of them."""
    reference_defaults_ensure()
    reference_lists_copy(school=school)


def network_in(school: School, key: str = "instagram") -> SocialNetwork:
    reference_lists_in(school)
    return SocialNetwork.objects.for_school(school).get(default__key=key)


def phone_in(school: School, key: str = "ee") -> PhoneProvider:
    reference_lists_in(school)
    return PhoneProvider.objects.for_school(school).get(default__key=key)


def network_kwargs(school: School) -> dict[str, Any]:
    return {"entry_id": network_in(school).public_id}


def phone_kwargs(school: School) -> dict[str, Any]:
    return {"entry_id": phone_in(school).public_id}
