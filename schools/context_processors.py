from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from schools.navigation import header_entries, navigation_for


def school(request: HttpRequest) -> dict[str, Any]:
    """The current school, the person's roles in it and their navigation.

    ``nav_entries``: the header's links and menus; ``school_actions``: every page
    the person may open here, for the home page.
    """
    current = getattr(request, "school", None)
    membership = getattr(request, "membership", None)
    match = request.resolver_match
    shown = match.view_name if match is not None else ""
    links = navigation_for(membership, shown) if membership else []
    return {
        "school": current,
        "membership": membership,
        "nav_entries": header_entries(links),
        "school_actions": links,
    }
