"""Emails about an account (password resets, invitations), sent by a background thread.

The reset page answers the same for an address with an account and one
without. If it rendered and sent the email before answering, the answer for a
known address would come later by a mail server's round trip, and timing it
would tell which addresses have accounts. So the form only hands the email to
this sender; one daemon thread per process renders and sends it after the page
has answered. (The jobs outbox cannot carry it: its jobs belong to a school,
and an account may have none.) Invitations (``people.services``) go the same
way for another reason: their link's token is never stored, so no job could
carry it.

A send that fails is logged and not retried: the person sees no email and asks
again, exactly as if it had been lost on the way.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

Send = Callable[[], None]


class BackgroundSender:
    def __init__(self) -> None:
        self._queue: queue.Queue[Send] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, send: Send) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="account-mail", daemon=True)
                self._thread.start()
        self._queue.put(send)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted was tried; True if it all was (tests use this)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def _run(self) -> None:
        while True:
            send = self._queue.get()
            try:
                send()
            except Exception:  # a mail server's failure must not end the thread
                logger.warning("An account email could not be sent", exc_info=True)
            finally:
                self._queue.task_done()


account_mail = BackgroundSender()
