"""The rendering service: A4 PDFs within limits, and nothing fetched from outside."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator

import pytest

from documents.bench_samples import one_page_html, twenty_page_html
from documents.fetch import fetch_resource, static_path
from documents.pdf import PdfLimitExceeded, RenderLimits, render_pdf
from tests.documents.conftest import pdf_pages, pdf_text

# A 1×1 transparent PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_a_one_page_form_renders_with_its_header_and_page_numbers() -> None:
    pdf = render_pdf(one_page_html())

    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) == 1
    assert "Chestnuts Primary School" in text
    assert "Reference AR-2026-0042 · Version 1" in text
    assert "Generated 12 March 2026 at 15:40 GMT" in text
    assert "https://www.youtube.com/watch?v=5MgBikgcWnY" in text
    assert "Page 1 of 1" in text


def test_the_benchmark_document_has_twenty_pages_numbered_x_of_y() -> None:
    pdf = render_pdf(twenty_page_html())

    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 20
    assert "Page 1 of 20" in text
    assert "Page 20 of 20" in text
    assert text.count("Chestnuts Primary School") >= 20  # the header on every page


def test_past_the_time_limit_the_render_stops() -> None:
    with pytest.raises(PdfLimitExceeded, match="time limit"):
        render_pdf(twenty_page_html(), limits=RenderLimits(seconds=0.05))


def test_past_the_memory_limit_the_render_stops() -> None:
    # Far larger than anything rendered before it: a reused renderer's spare
    # heap from earlier documents cannot absorb it under a 2 MB allowance.
    words = "word " * 200
    huge = "<html><body>" + "".join(f"<p>{i} {words}</p>" for i in range(4000)) + "</body></html>"
    with pytest.raises(PdfLimitExceeded, match="memory"):
        render_pdf(huge, limits=RenderLimits(memory_mb=2))


def test_a_renderer_that_was_stopped_is_replaced() -> None:
    with pytest.raises(PdfLimitExceeded):
        render_pdf(twenty_page_html(), limits=RenderLimits(seconds=0.05))

    assert pdf_pages(render_pdf(one_page_html())) == 1


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PIXEL)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    """A local web server that counts the requests it receives."""
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_remote_image_or_stylesheet_is_never_fetched(web_server: str) -> None:
    port = web_server.rsplit(":", 1)[1]
    html = (
        f'<html><head><link rel="stylesheet" href="{web_server}/style.css"></head>'
        f'<body><p>Evidence</p><img src="{web_server}/screenshot.png">'
        f'<img src="//127.0.0.1:{port}/protocol-relative.png"></body></html>'
    )

    pdf = render_pdf(html)

    assert "Evidence" in pdf_text(pdf)
    assert _CountingHandler.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/css/portal.css",
        "file:///etc/passwd",
        "https://portal.invalid/media/evidence.png",
        "https://portal.invalid/static/../policyportal/settings.py",
        "https://portal.invalid/static/%2e%2e/%2e%2e/policyportal/settings.css",
        "https://portal.invalid/static/css/missing.css",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_the_fetcher_refuses_anything_but_the_portals_static_files(url: str) -> None:
    with pytest.raises(PermissionError):
        fetch_resource(url)


def test_the_fetcher_reads_static_files_from_disk() -> None:
    response = fetch_resource("https://portal.invalid/static/css/portal.css")

    assert b"skip-link" in response.read()
    assert response.content_type == "text/css"
    assert static_path("https://portal.invalid/static/css/portal.css").endswith(
        "static/css/portal.css"
    )


def test_the_fetcher_accepts_the_callers_own_host_but_reads_from_disk() -> None:
    url = "https://portal.school.example/static/css/portal.css"
    assert static_path(url, allowed_host="portal.school.example").endswith("css/portal.css")


def test_inline_images_are_allowed() -> None:
    url = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    assert fetch_resource(url).read() == PIXEL
