"""Wrong two-factor codes are throttled like wrong passwords (accounts/throttle.py).

Counted per account: ``LOGIN_THROTTLE_ACCOUNT_LIMIT`` (5) wrong codes within
``LOGIN_THROTTLE_WINDOW`` (15 minutes) and further codes are refused, unchecked,
until the window ends. A right code clears the count. Six digits are a small
space: without this, a stolen password plus a script would find the code.
"""

from __future__ import annotations

from accounts.models import User
from accounts.throttle import Limit, account_limit, minutes, sign_in_window


def _limit() -> Limit:
    return Limit("two-factor-account", account_limit().attempts, sign_in_window())


def _who(user: User) -> str:
    return f"user:{user.pk}"


def refused(user: User) -> bool:
    return _limit().reached(_who(user))


def failed(user: User) -> None:
    _limit().count(_who(user))


def succeeded(user: User) -> None:
    _limit().clear(_who(user))


def refused_message() -> str:
    return f"Too many wrong codes. Wait {minutes(sign_in_window())} and try again."
