"""Throttling guesses at passwords and requests for reset links, in Django's cache.

Failed sign-ins are counted per account (the typed email, normalised, whether
or not an account has it, so a refusal says nothing about which addresses
exist) and per client address. Once either count reaches its limit, sign-ins
for that account or from that address are refused, without checking the
password, until the window that began with the first failure ends. Only
failures count, and a successful sign-in clears its account's count, so people
who sign in correctly many times from one address (a school's one public
address) are never held up.

Requests for a reset link are counted per client address, every request alike.

Counts live in the cache (locmem by default, Redis in production): ``add``
starts a window with its expiry, ``incr`` counts within it and keeps that
expiry. Limits come from settings, read at each call:

- ``LOGIN_THROTTLE_ACCOUNT_LIMIT`` (5) and ``LOGIN_THROTTLE_ADDRESS_LIMIT`` (20)
  failures within ``LOGIN_THROTTLE_WINDOW`` seconds (900);
- ``PASSWORD_RESET_THROTTLE_LIMIT`` (10) requests within
  ``PASSWORD_RESET_THROTTLE_WINDOW`` seconds (3600).

The client address is ``REMOTE_ADDR``. When the settings trust a reverse proxy
(``SECURE_PROXY_SSL_HEADER`` is set: ``DJANGO_BEHIND_PROXY`` in production),
every request reaches the portal from the proxy, so the address is the last
entry of ``X-Forwarded-For`` instead: the one that proxy appended, which the
client cannot choose.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import User


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` within ``seconds`` for each key of kind ``name``."""

    name: str
    attempts: int
    seconds: int

    def key(self, who: str) -> str:
        # Hashed: no email address or client address is written to the cache as it is.
        digest = hashlib.sha256(who.encode()).hexdigest()
        # Tests give each test its own namespace: processes share one Redis.
        namespace = getattr(settings, "LOGIN_THROTTLE_NAMESPACE", "")
        return f"accounts:throttle:{namespace}:{self.name}:{digest}"

    def reached(self, who: str) -> bool:
        return int(cache.get(self.key(who)) or 0) >= self.attempts

    def count(self, who: str) -> None:
        key = self.key(who)
        if not cache.add(key, 1, self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # the window ended between the two calls
                cache.add(key, 1, self.seconds)

    def clear(self, who: str) -> None:
        cache.delete(self.key(who))


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def sign_in_window() -> int:
    return _setting("LOGIN_THROTTLE_WINDOW", 15 * 60)


def account_limit() -> Limit:
    return Limit("sign-in-account", _setting("LOGIN_THROTTLE_ACCOUNT_LIMIT", 5), sign_in_window())


def address_limit() -> Limit:
    return Limit("sign-in-address", _setting("LOGIN_THROTTLE_ADDRESS_LIMIT", 20), sign_in_window())


def reset_limit() -> Limit:
    return Limit(
        "reset-address",
        _setting("PASSWORD_RESET_THROTTLE_LIMIT", 10),
        _setting("PASSWORD_RESET_THROTTLE_WINDOW", 60 * 60),
    )


def minutes(seconds: int) -> str:
    count = max(1, round(seconds / 60))
    if count % 60 == 0:
        hours = count // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    return "a minute" if count == 1 else f"{count} minutes"


def sign_in_refused_message() -> str:
    return (
        f"Too many attempts to sign in. Wait {minutes(sign_in_window())} and try again, "
        "or reset your password."
    )


def reset_refused_message() -> str:
    return (
        "Too many requests for a password reset link. "
        f"Wait {minutes(reset_limit().seconds)} and try again."
    )


def account_of(email: str) -> str:
    """The account a typed email names, as the portal stores emails (any case, any spaces)."""
    return User.objects.normalize_email(email.strip()).lower()


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "unknown"
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def sign_in_refused(email: str, request: HttpRequest | None) -> bool:
    return account_limit().reached(account_of(email)) or address_limit().reached(
        client_address(request)
    )


def sign_in_failed(email: str, request: HttpRequest | None) -> None:
    account_limit().count(account_of(email))
    address_limit().count(client_address(request))


def sign_in_succeeded(email: str) -> None:
    account_limit().clear(account_of(email))


def reset_refused(request: HttpRequest | None) -> bool:
    """Whether this request for a link is one too many; if not, it is counted."""
    limit, address = reset_limit(), client_address(request)
    if limit.reached(address):
        return True
    limit.count(address)
    return False
