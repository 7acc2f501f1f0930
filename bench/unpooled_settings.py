"""The portal's settings without Django's connection pool, for ``bench/pool.py`` only.

Every request then opens its own PostgreSQL connection and closes it at the
end (``CONN_MAX_AGE = 0``), as Django does without a pool: the baseline the
pool is measured against. Nothing else differs from ``policyportal.settings``.
"""

from __future__ import annotations

from policyportal.settings import *  # noqa: F403 (these settings, one entry changed)
from policyportal.settings import DATABASES

DATABASES["default"]["OPTIONS"].pop("pool", None)
DATABASES["default"]["CONN_MAX_AGE"] = 0
