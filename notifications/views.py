"""Pages under /<school_slug>/notifications/: a person's own notifications in one school."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from notifications.models import Notification, unread_counts_from
from notifications.services import notification_mark_read, notifications_mark_all_read
from schools.access import SchoolRequest, get_object_for, school_view

PER_PAGE = 25


def _list_url(request: SchoolRequest) -> str:
    return reverse("notifications:list", kwargs={"school_slug": request.school.slug})


def _back(request: SchoolRequest) -> HttpResponseRedirect:
    """To ``next`` if it is a page of this site, else to the list."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe and target.startswith("/") else _list_url(request))


@school_view()
@require_safe
def notification_list(request: SchoolRequest) -> HttpResponse:
    """The person's notifications in this school, newest first, unread marked."""
    mine = Notification.objects.for_person(request.school, request.user)
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    # Read with the person's roles (SchoolMiddleware, on a GET); the bell shows them too.
    counts = unread_counts_from(request.membership.columns) or mine.unread_counts()
    return render(request, "notifications/list.html", {"page": page, "notification_counts": counts})


# The actions answer a GET (a bookmark, a link opened twice) by going to the
# list, changing nothing.


@school_view()
@require_http_methods(["GET", "HEAD", "POST"])
def notification_read(request: SchoolRequest, notification_id: str) -> HttpResponse:
    """Mark one of the person's notifications read; anyone else's is not found."""
    mine = Notification.objects.for_person(request.school, request.user)
    notification = get_object_for(request, mine, public_id=notification_id)
    if request.method != "POST":
        return redirect(_list_url(request))
    notification_mark_read(notification=notification, by=request.user)
    return _back(request)


@school_view()
@require_http_methods(["GET", "HEAD", "POST"])
def notifications_read_all(request: SchoolRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect(_list_url(request))
    marked = notifications_mark_all_read(school=request.school, by=request.user)
    if marked:
        messages.success(request, "All your notifications here are marked as read.")
    else:
        messages.info(request, "You had no unread notifications.")
    return redirect(_list_url(request))
