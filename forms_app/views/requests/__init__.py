"""Pages of blocked-content access requests (Appendix 1).

The requester's list and form; the reviewer's queue and decision (Chestnuts
7.4-7.5: the headteacher's decision is final); the network manager's record of
unblocking and blocking again; and earlier decisions about the same site.
Each page checks who may see or act on the record, then calls one service.
"""

from __future__ import annotations

from forms_app.views.requests.filing import add, own_list, same_site
from forms_app.views.requests.queue import queue
from forms_app.views.requests.record import (
    decide,
    detail,
    reblocked,
    revoke,
    unblocked,
    withdraw,
)

__all__ = [
    "add",
    "decide",
    "detail",
    "own_list",
    "queue",
    "reblocked",
    "revoke",
    "same_site",
    "unblocked",
    "withdraw",
]
