"""The checks made through the web: security headers, a hashed static file, signing
in, filing a content report and reading back the PDF the worker makes of it.
"""

from __future__ import annotations

import html
import re
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from smoke.client import Browser, Response, csrf_token
from smoke.common import check, wait_for
from smoke.config import DEMO_PASSWORD, HEADTEACHER, SCHOOL


def check_security(browser: Browser) -> Response:
    plain = browser.get("/accounts/login/", behind_proxy=False)
    check(
        plain.status == 301 and plain.header("Location").startswith("https://"),
        f"Plain HTTP was not redirected to HTTPS (status {plain.status})",
    )
    page = browser.get("/accounts/login/")
    check(page.status == 200, f"The sign-in page answered {page.status}")
    hsts = page.header("Strict-Transport-Security")
    check("max-age=31536000" in hsts and "preload" in hsts, f"HSTS header is {hsts!r}")
    csp = page.header("Content-Security-Policy")
    check("default-src 'self'" in csp, f"Content-Security-Policy is {csp!r}")
    check(page.header("X-Frame-Options") == "DENY", "X-Frame-Options is not DENY")
    flags = browser.cookie_flags.get("csrftoken", set())
    check({"secure", "samesite=lax"} <= flags, f"The CSRF cookie's flags are {sorted(flags)}")
    return page


def check_static(browser: Browser, page: Response) -> str:
    found = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page.text)
    check(bool(found), "The sign-in page links no static CSS or JavaScript")
    path = html.unescape(str(found[0]))
    check(
        re.search(r"\.[0-9a-f]{12}\.(css|js)$", path) is not None,
        f"{path} is not a hashed (manifest) name: collectstatic's manifest is not in use",
    )
    response = browser.get(path)
    check(response.status == 200, f"{path} answered {response.status}")
    wanted = "text/css" if path.endswith(".css") else "javascript"
    check(
        wanted in response.header("Content-Type"),
        f"{path} came as {response.header('Content-Type')!r}",
    )
    cache = response.header("Cache-Control")
    match = re.search(r"max-age=(\d+)", cache)
    check(
        match is not None and int(match.group(1)) >= 365 * 24 * 3600 and "immutable" in cache,
        f"{path} is not cached for long: Cache-Control {cache!r}",
    )
    zipped = browser.request("GET", path, headers={"Accept-Encoding": "gzip"})
    check(
        zipped.header("Content-Encoding") == "gzip",
        f"{path} was not served compressed (CompressedManifestStaticFilesStorage)",
    )
    return path


def sign_in(browser: Browser, email: str) -> Response:
    form = browser.get("/accounts/login/")
    response = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(form), "username": email, "password": DEMO_PASSWORD},
    )
    check(response.status == 302, f"Signing in as {email} answered {response.status}")
    flags = browser.cookie_flags.get("sessionid", set())
    check(
        {"secure", "httponly", "samesite=lax"} <= flags,
        f"The session cookie's flags are {sorted(flags)}",
    )
    return browser.follow(response)


def check_two_factor_required(port: int) -> None:
    """PORTAL_TWO_FACTOR_REQUIRED is on in production: the headteacher must set it up first."""
    page = sign_in(Browser(port), HEADTEACHER)
    check(
        page.status == 200 and page.path.startswith("/two-factor/set-up/"),
        f"The headteacher reached {page.path} without setting up two-factor sign-in",
    )


@dataclass(frozen=True)
class Report:
    path: str
    reference: str
    url: str
    child: str


def file_report(browser: Browser) -> Report:
    add = f"/{SCHOOL}/content-reports/new/"
    form = browser.get(add)
    check(form.status == 200, f"The content report form answered {form.status}")
    token = secrets.token_hex(4)
    url = f"https://smoke-{token}.example.org/games"
    # A name a teacher might type although the form asks them not to: it may be in
    # the record and its PDF, never in an email.
    child = f"Poppy Smoke{token}"
    response = browser.request(
        "POST",
        add,
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "urls": url,
            "site_content": "An online games site with betting",
            "categories": ["gambling"],
            "nature": f"{child} found a betting game during wet play.",
            "safeguarding": "no",
        },
    )
    check(response.status == 302, f"Filing the report answered {response.status}")
    page = browser.follow(response)
    check(page.status == 200, f"The report's page answered {page.status}")
    match = re.search(r"\bCR-\d+\b", page.text)
    check(match is not None, "The report's page shows no CR- reference")
    assert match is not None
    return Report(page.path, match.group(0), url, child)


def wait_for_pdf(browser: Browser, report: Report, timeout: float) -> str:
    def link() -> str | None:
        page = browser.get(report.path)
        check(page.status == 200, f"The report's page answered {page.status}")
        found = re.search(r'href="(/[^"]+/download/)">Download the PDF copy', page.text)
        return str(found.group(1)) if found else None

    return wait_for("the worker to make the report's PDF", link, timeout)


def read_pdf(browser: Browser, path: str, report: Report, work_dir: Path) -> None:
    response = browser.get(path)
    check(response.status == 200, f"The PDF download answered {response.status}")
    check(
        response.header("Content-Type") == "application/pdf",
        f"The PDF came as {response.header('Content-Type')!r}",
    )
    check(response.body.startswith(b"%PDF-"), "The download is not a PDF")
    pdf = work_dir / "report.pdf"
    pdf.write_bytes(response.body)
    text = subprocess.run(  # noqa: S603 - poppler-utils' pdftotext, on PATH
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=30,
        text=True,
    ).stdout
    for wanted in (report.reference, report.url):
        check(wanted in text, f"The PDF does not contain {wanted!r}")
