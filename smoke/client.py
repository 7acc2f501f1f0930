"""An outside HTTP client: plain HTTP to gunicorn, as a TLS-terminating proxy would
speak to it, with its cookies kept by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPMessage
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from smoke.common import SmokeFailure, check
from smoke.config import HOST


@dataclass(frozen=True)
class Response:
    status: int
    headers: HTTPMessage
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


class Browser:
    """A client speaking plain HTTP to gunicorn as a TLS-terminating proxy would.

    Production trusts ``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER,
    DJANGO_BEHIND_PROXY on by default), so each request carries it: the portal
    then treats the request as HTTPS, sets its Secure cookies and does not
    redirect to https://. The cookies are kept here by hand, because a
    standard cookie jar would not send Secure cookies over plain HTTP.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.cookie_flags: dict[str, set[str]] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str | list[str]] | None = None,
        behind_proxy: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = dict(headers or {})
        if behind_proxy:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # Django's CSRF check compares the origin with the host, as for a browser.
            sent["Origin"] = f"https://{HOST}:{self.port}"
            sent["Referer"] = f"https://{HOST}:{self.port}{path}"
        conn = HTTPConnection(HOST, self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read(), path)
        finally:
            conn.close()
        self.keep_cookies(response.headers)
        return response

    def keep_cookies(self, headers: HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                    continue
                self.cookies[name] = morsel.value
                self.cookie_flags[name] = {
                    flag for flag in ("secure", "httponly") if morsel[flag]
                } | {f"samesite={morsel['samesite'].lower()}"}

    def get(self, path: str, **kwargs: bool) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def follow(self, response: Response, limit: int = 5) -> Response:
        """Follow same-site redirects, as a browser would."""
        for _ in range(limit):
            if response.status not in (301, 302, 303):
                return response
            location = urlsplit(response.header("Location"))
            check(
                location.netloc in ("", f"{HOST}:{self.port}"),
                f"{response.path} redirected off the site to {response.header('Location')}",
            )
            response = self.get(location.path + (f"?{location.query}" if location.query else ""))
        raise SmokeFailure(f"Too many redirects from {response.path}")


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(match is not None, f"No CSRF token in the form at {page.path}")
    assert match is not None
    return match.group(1)
