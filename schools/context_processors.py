from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from schools.navigation import navigation_for


def school(request: HttpRequest) -> dict[str, Any]:
    """The current school, the person's roles in it and their navigation."""
    current = getattr(request, "school", None)
    membership = getattr(request, "membership", None)
    return {
        "school": current,
        "membership": membership,
        "nav_items": navigation_for(membership) if membership else [],
    }
