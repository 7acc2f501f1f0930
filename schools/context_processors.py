from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from schools.navigation import navigation_for


def school(request: HttpRequest) -> dict[str, Any]:
    """The current school, the person's roles in it and their navigation.

    ``nav_items``: the header's links; ``school_actions``: every page the person
    may open here, for the home page.
    """
    current = getattr(request, "school", None)
    membership = getattr(request, "membership", None)
    links = navigation_for(membership) if membership else []
    return {
        "school": current,
        "membership": membership,
        "nav_items": [link for link in links if link.in_header],
        "school_actions": links,
    }
