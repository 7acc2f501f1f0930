"""The Content-Security-Policy header (Django 5.2 has none built in).

Every page's scripts and styles are files the portal serves itself, with no
inline ``<script>``, event handler or ``style=""``: the policy in
``settings.PORTAL_CONTENT_SECURITY_POLICY`` says so to the browser, so an
injected script or style is refused even if escaping ever failed. It is sent
in every configuration, so development and the browser tests see what
production sees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    """Add the policy to every HTML response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if HEADER not in response and content_type.startswith("text/html"):
            response[HEADER] = settings.PORTAL_CONTENT_SECURITY_POLICY
        return response
