"""HTML to PDF with WeasyPrint: inside a time limit and a memory cap, never on the network.

``render_pdf(html)`` hands the HTML to a renderer: a child process forked
from this one, which lays documents out one at a time and stays warm between
them (WeasyPrint imported, fonts loaded). Each process keeps at most
``IDLE_RENDERERS`` of them and replaces each after ``RENDERS_PER_RENDERER``
documents. Limits:

- time: the caller waits at most ``PDF_RENDER_TIMEOUT`` seconds, then kills
  the renderer (a fresh one serves the next document); the renderer also
  arms ``alarm()`` for each document, so it dies by itself if its caller
  has gone;
- memory: the renderer runs under ``RLIMIT_AS``, at its warm size plus
  ``PDF_RENDER_MEMORY_MB``; a document that needs more ends it.

Either way the caller gets ``PdfLimitExceeded``, and its own process is
untouched: a pathological record costs one failed job, never a stuck or
swollen worker. A renderer that fails in any way is never reused. The parent
never calls into Pango itself, so a fork cannot copy a font library caught
half-way through an operation in another thread.

WeasyPrint reads nothing from the network: see ``documents.fetch``.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import logging
import math
import os
import resource
import select
import signal
import struct
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from documents.fetch import PORTAL_BASE_URL, portal_fetcher

MB = 1024 * 1024
IDLE_RENDERERS = 2
RENDERS_PER_RENDERER = 200
PARENT_CHECK_SECONDS = 5

# WeasyPrint announces every layout step at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfRenderError(Exception):
    """The PDF could not be produced."""


class PdfLimitExceeded(PdfRenderError):
    """Rendering took longer, or needed more memory, than the limits allow."""


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 30.0
    memory_mb: int = 512

    @classmethod
    def from_settings(cls) -> RenderLimits:
        return cls(
            seconds=float(settings.PDF_RENDER_TIMEOUT),
            memory_mb=int(settings.PDF_RENDER_MEMORY_MB),
        )


def render_pdf(
    html: str, *, base_url: str | None = None, limits: RenderLimits | None = None
) -> bytes:
    """The PDF of ``html``, laid out by a renderer process within ``limits``.

    Raises ``PdfLimitExceeded`` past the time or memory limit and
    ``PdfRenderError`` for anything else that stops the render.
    """
    limits = limits or RenderLimits.from_settings()
    renderer = _take_renderer(limits.memory_mb)
    try:
        pdf = renderer.render(html, base_url or PORTAL_BASE_URL, limits)
    except BaseException:
        renderer.close()
        raise
    _return_renderer(renderer)
    return pdf


def render_pdf_in_process(html: str, *, base_url: str | None = None) -> bytes:
    """The same PDF, laid out in this process without any limit.

    What a renderer runs; outside one, only for benchmarks and for HTML the
    portal wrote itself, never for a record.
    """
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    global _font_config
    base_url = base_url or PORTAL_BASE_URL
    fetcher = portal_fetcher(allowed_host=urlsplit(base_url).netloc)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    with _pango_lock:
        # One font map per process keeps Pango's fonts loaded between
        # documents: a fresh one costs a third of a one-page render. Pango's
        # font map is not thread-safe.
        if _font_config is None:
            _font_config = FontConfiguration()
        pdf: bytes = document.write_pdf(font_config=_font_config)
    return pdf


_pango_lock = threading.Lock()
_font_config: Any = None


# --- Renderers: the parent's side --------------------------------------------

_OK, _NO_MEMORY, _ERROR = b"P", b"M", b"E"
_REQUEST = struct.Struct("!IIf")  # html bytes, base URL bytes, seconds
_REPLY = struct.Struct("!cI")  # kind, body bytes
# Signals a renderer dies of when a C library (Pango, HarfBuzz) cannot
# allocate under the address-space cap, or when its own alarm rings.
_CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS})
_TIME_SIGNALS = frozenset({signal.SIGALRM, signal.SIGKILL, signal.SIGXCPU})

_pool_lock = threading.Lock()
_idle: list[_Renderer] = []


def _take_renderer(memory_mb: int) -> _Renderer:
    with _pool_lock:
        for renderer in list(_idle):
            if renderer.memory_mb == memory_mb:
                _idle.remove(renderer)
                if renderer.alive():
                    return renderer
                renderer.close()  # it went while idle (its parent check, the OOM killer)
    return _Renderer(memory_mb)


def _return_renderer(renderer: _Renderer) -> None:
    with _pool_lock:
        if renderer.renders < RENDERS_PER_RENDERER and len(_idle) < IDLE_RENDERERS:
            _idle.append(renderer)
            return
    renderer.close()


class _Renderer:
    """A forked child that lays out one document at a time, warm between documents."""

    def __init__(self, memory_mb: int) -> None:
        import weasyprint  # noqa: F401 - shared with every renderer

        self.memory_mb = memory_mb
        self.renders = 0
        request_read, self._requests = os.pipe()
        self._replies, reply_write = os.pipe()
        try:
            with _pango_lock:  # never fork in the middle of another thread's layout
                self.pid = os.fork()
        except OSError as exc:
            for fd in (request_read, self._requests, self._replies, reply_write):
                os.close(fd)
            raise PdfRenderError(f"No renderer process could be started: {exc}") from exc
        if self.pid == 0:  # pragma: no cover - the child; coverage cannot follow it
            _serve(request_read, reply_write, memory_mb)
        os.close(request_read)
        os.close(reply_write)

    def alive(self) -> bool:
        if self.pid and os.waitpid(self.pid, os.WNOHANG)[0] == self.pid:
            self.pid = 0  # it has gone, and is now reaped
        return self.pid != 0

    def render(self, html: str, base_url: str, limits: RenderLimits) -> bytes:
        deadline = time.monotonic() + limits.seconds
        body, url = html.encode(), base_url.encode()
        try:
            _write_all(self._requests, _REQUEST.pack(len(body), len(url), limits.seconds))
            _write_all(self._requests, body + url)
            kind, length = _REPLY.unpack(_read_exactly(self._replies, _REPLY.size, deadline))
            reply = _read_exactly(self._replies, length, deadline)
        except EOFError:
            raise self._died(limits) from None
        except BrokenPipeError:
            raise self._died(limits) from None
        self.renders += 1
        if kind == _OK and reply.startswith(b"%PDF-"):
            return reply
        if kind == _NO_MEMORY:
            raise PdfLimitExceeded(
                f"The PDF needed more than its memory limit of {limits.memory_mb} MB to lay out."
            )
        raise PdfRenderError(reply.decode("utf-8", "replace") or "The renderer gave no PDF.")

    def _died(self, limits: RenderLimits) -> PdfRenderError:
        """The error for a renderer that stopped without answering."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in _TIME_SIGNALS:
            return PdfLimitExceeded("The PDF took longer to lay out than the time limit allows.")
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in _CRASH_SIGNALS:
            return PdfLimitExceeded(
                f"The PDF renderer stopped (signal {os.WTERMSIG(status)}), most likely on "
                f"reaching its memory limit of {limits.memory_mb} MB."
            )
        return PdfRenderError(f"The PDF renderer stopped unexpectedly (status {status}).")

    def close(self) -> None:
        """Stop the renderer, whatever it is doing, and reap it."""
        for fd in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._requests = self._replies = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    """``size`` bytes from ``fd``; ``PdfLimitExceeded`` at the deadline, ``EOFError`` at the end."""
    chunks: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    while size:
        remaining = deadline - time.monotonic()
        wait = None if math.isinf(remaining) else max(remaining, 0) * 1000
        if remaining <= 0 or not poller.poll(wait):
            raise PdfLimitExceeded("The PDF took longer to lay out than the time limit allows.")
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# --- Renderers: the child's side ---------------------------------------------


def _serve(requests: int, replies: int, memory_mb: int) -> None:  # pragma: no cover - child
    """Render documents until the parent closes the pipe or goes; never returns."""
    global _pango_lock
    code = 0
    try:
        requests, replies = _keep_only(requests, replies)
        # Forked while the parent held it: this process has its own.
        _pango_lock = threading.Lock()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
            signal.signal(signum, signal.SIG_DFL)
        parent = os.getppid()
        _warm_up()
        _cap_memory(memory_mb)
        while _wait_for_work(requests, parent) and _serve_one(requests, replies):
            pass
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _keep_only(requests: int, replies: int) -> tuple[int, int]:  # pragma: no cover - child
    """Close every descriptor inherited from the parent but our pipes and stderr.

    Otherwise this long-lived process would hold the parent's sockets and the
    pipes of its other children open: whoever waits for one of those to close
    (a child process's stdin, a client's connection) would wait for us.
    """
    gc.collect()  # inherited garbage closes its own descriptors first
    # Out of the way of stdin and stdout, which become /dev/null.
    requests, replies = (fcntl.fcntl(fd, fcntl.F_DUPFD, 3) for fd in (requests, replies))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    keep = {0, 1, 2, requests, replies}
    for name in os.listdir("/proc/self/fd"):
        if int(name) not in keep:
            with contextlib.suppress(OSError):
                os.close(int(name))
    return requests, replies


def _wait_for_work(requests: int, parent: int) -> bool:  # pragma: no cover - runs in the child
    """Wait for the next document; False once the parent has gone."""
    poller = select.poll()
    poller.register(requests, select.POLLIN | select.POLLHUP)
    while not poller.poll(PARENT_CHECK_SECONDS * 1000):
        # Another process forked from the parent may hold our pipe open.
        if os.getppid() != parent:
            return False
    return True


def _warm_up() -> None:  # pragma: no cover - runs in the child
    """Load fonts and WeasyPrint's lazy parts with a typical record, before the cap."""
    from documents.bench_samples import one_page_html

    render_pdf_in_process(one_page_html())
    # Inherited and warm-up objects stay: the collector need not walk (and copy) them.
    gc.collect()
    gc.freeze()


_ceiling = 0


def _cap_memory(memory_mb: int) -> None:  # pragma: no cover - runs in the child
    global _ceiling
    _ceiling = _address_space() + memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (_ceiling, _ceiling))


def _address_space(field: str = "VmSize") -> int:
    """This process's virtual size (``VmPeak``: its largest yet), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover - every Linux has VmSize


def _reached_the_cap() -> bool:  # pragma: no cover - runs in the child
    """Whether an allocation just failed at the cap: C libraries report it in many ways."""
    return _address_space("VmPeak") > _ceiling - 4 * MB


def _serve_one(requests: int, replies: int) -> bool:  # pragma: no cover - runs in the child
    """One document; False when the renderer should stop."""
    try:
        header = _read_exactly(requests, _REQUEST.size, math.inf)
    except EOFError:
        return False
    html_size, url_size, seconds = _REQUEST.unpack(header)
    payload = _read_exactly(requests, html_size + url_size, math.inf)
    html, base_url = payload[:html_size].decode(), payload[html_size:].decode()
    signal.alarm(math.ceil(seconds) + 1)  # dies by itself if its caller is gone
    # Collecting during a layout adds a fifth to its time; collect between documents.
    gc.disable()
    try:
        kind, body = _OK, render_pdf_in_process(html, base_url=base_url)
    except MemoryError:
        kind, body = _NO_MEMORY, b""
    except Exception as exc:
        kind, body = _ERROR, f"{type(exc).__name__}: {exc}".encode()[:2000]
        if _reached_the_cap():
            kind = _NO_MEMORY
    signal.alarm(0)
    _write_all(replies, _REPLY.pack(kind, len(body)) + body)
    gc.enable()
    gc.collect()
    return kind == _OK
