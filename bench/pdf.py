"""(a) PDF render time: a one-page form and a twenty-page document, through render_pdf.

``documents.pdf.render_pdf`` is what a job calls: a warm renderer process,
reused across documents, renders under time and memory limits. The samples come from
``documents.bench_samples``. Each document is rendered once to warm up, then
timed ``runs`` times in a row.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import Timings

PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)
MAX_SECONDS_PER_DOCUMENT = 120.0  # a bound on each loop, far above any target


@dataclass(frozen=True)
class PdfResult:
    name: str
    pages: int
    size_bytes: int
    timings: Timings


def samples_available() -> str | None:
    """None when the documents app offers what this needs; otherwise why not."""
    try:
        from documents import bench_samples, pdf
    except ImportError as exc:
        return f"documents.pdf or documents.bench_samples cannot be imported ({exc})"
    missing = [
        name
        for module, name in (
            (pdf, "render_pdf"),
            (bench_samples, "one_page_html"),
            (bench_samples, "twenty_page_html"),
        )
        if not hasattr(module, name)
    ]
    return f"missing: {', '.join(missing)}" if missing else None


def time_renders(name: str, html: str, render: Callable[[str], bytes], runs: int) -> PdfResult:
    pdf = render(html)  # warm-up, and the document whose pages are counted
    samples: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS_PER_DOCUMENT
    for _ in range(runs):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        render(html)
        samples.append(time.perf_counter() - started)
    return PdfResult(name, page_count(pdf), len(pdf), Timings.of(samples))


def page_count(pdf: bytes) -> int:
    """Pages, read back with poppler's pdfinfo; 0 when it is not installed."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return 0
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        output = subprocess.run(  # noqa: S603
            [pdfinfo, file.name], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    match = PAGES.search(output)
    return int(match.group(1)) if match else 0


def measure(one_page_runs: int = 100, twenty_page_runs: int = 20) -> list[PdfResult]:
    from documents.bench_samples import one_page_html, twenty_page_html
    from documents.pdf import render_pdf

    return [
        time_renders("one-page form", one_page_html(), render_pdf, one_page_runs),
        time_renders("twenty-page document", twenty_page_html(), render_pdf, twenty_page_runs),
    ]
