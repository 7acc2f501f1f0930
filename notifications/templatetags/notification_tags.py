"""The header's bell: how many notifications the person has unread in this school."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from notifications.models import Notification, UnreadCounts, unread_counts_from

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    """No query on a GET (SchoolMiddleware read the counts) or where the page already
    counted (the list page); one otherwise."""
    school, membership = context.get("school"), context.get("membership")
    if school is None or membership is None:
        return {"show": False}
    counts = context.get("notification_counts")
    if not isinstance(counts, UnreadCounts):
        # Read with the person's roles on a GET (SchoolMiddleware), else counted here.
        counts = unread_counts_from(membership.columns)
    if counts is None:
        counts = Notification.objects.for_person(school, membership.user).unread_counts()
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {
        "show": True,
        "url": reverse("notifications:list", kwargs={"school_slug": school.slug}),
        "counts": counts,
        "current": getattr(match, "view_name", "") == "notifications:list",
    }
