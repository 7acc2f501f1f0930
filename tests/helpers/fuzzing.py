"""Form fuzzing: find the portal's forms by crawling, post hostile input, judge the answer.

A submission is judged by what a user (or an attacker) would notice:

- never a server error, and never an answer other than 200 (the form again)
  or a redirect (accepted);
- markup we sent is never echoed unescaped; a redirect never leaves the site;
- input that *cannot* be valid (``certainly_invalid``) is never accepted;
- a rejected submission (200) saved nothing: every model's row count is
  unchanged (sessions aside: signing in and out writes them);
- a rejected submission shows its errors: at least one, each field error
  next to its own field (crispy-bootstrap5: an ``invalid-feedback`` element
  holding ``error_<n>_id_<field>`` inside the field's ``div_id_<field>``, the
  inputs marked ``aria-invalid``), and an error for every field that cannot
  be valid. A form-wide error (``alert-danger`` in the form, Django's
  non-field errors) is fine in addition, or alone when every field is valid
  on its own but the combination is not: a failed sign-in;
- an accepted submission changed no row of a school the person does not
  belong to (for someone not signed in: of any school).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlparse

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.client import MULTIPART_CONTENT
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schools.models import School
from schools.tenancy import TenantModel
from tests.helpers.dbstate import describe, snapshot
from tests.helpers.demo import Actor
from tests.helpers.html import TEXT_TYPES, Field, Form, post_forms, rendered_errors

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

settings.register_profile(
    "portal-fuzz",
    derandomize=True,  # the same examples on every run: CI is deterministic
    database=None,  # no example database to carry state between runs
    max_examples=int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_SETTINGS = settings.get_profile("portal-fuzz")


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()  # leave the field out of the submission altogether
MEGABYTE = "x" * 1_000_000
CSRF = "csrfmiddlewaretoken"

HOSTILE: dict[str, str | bytes] = {
    "empty": "",
    "blank": " \t\n ",
    "1 MB": MEGABYTE,
    "NUL byte": "abc\x00def",
    "control characters": "".join(map(chr, range(1, 32))) + "\x7f\x85",
    "separators, BOM and zero-width": "a\u2028b\u2029c\ufeffd\u200be",
    "mixed scripts, right-to-left": "Ελλάδα Кириллица العربية עברית 中文 \u202eevil\u202c\u200f",
    "right-to-left override in an email": "head\u202e@chestnuts.example",
    "script tag": "<script>portalFuzz()</script>",
    "attribute breakout": '"><img src=x onerror=portalFuzz()>',
    "template syntax": "{{ request }}{% debug %}",
    "javascript: URL": "javascript:portalFuzz()",
    "data: URL": "data:text/html,<script>portalFuzz()</script>",
    "protocol-relative URL": "//evil.example/",
    "SQL": "' OR '1'='1' --",
    "negative number": "-1",
    "int32 overflow": "2147483648",
    "int64 overflow": "9223372036854775808",
    "huge exponent": "1e400",
    "NaN": "NaN",
    "Arabic-Indic digits": "١٢٣",
    "30 February": "2024-02-30",
    "month 13": "2024-13-01",
    "year zero": "0000-00-00",
    "year 9999": "9999-12-31",
    "year 1": "0001-01-01",
    "UK date": "31/12/2024",
    "offset +99 hours": "2024-01-01T00:00:00+99:00",
    "a demo account's email": "head@chestnuts.example",
    "the other school's demo email": "head@norris-bank.example",
    "invalid UTF-8": b"\xff\xfe\xfd",
}
# Echoed unescaped, these would run in the browser.
RAW_MARKUP = ("<script>portalFuzz", "<img src=x onerror")
# Names a careless view might copy onto a row (mass assignment).
SMUGGLED = ("school", "school_id", "user", "owner", "is_staff", "is_superuser", "role")


def text_of(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


# Django form fields that the HTML input types stand for, to tell what cannot be valid.
_TYPE_CHECKS: dict[str, Callable[[Field], forms.Field]] = {
    "email": lambda f: forms.EmailField(required=False),
    "url": lambda f: forms.URLField(required=False, assume_scheme="https"),
    "date": lambda f: forms.DateField(required=False),
    "datetime-local": lambda f: forms.DateTimeField(required=False),
    "time": lambda f: forms.TimeField(required=False),
    "number": lambda f: forms.FloatField(
        required=False,
        min_value=float(f.min) if f.min else None,
        max_value=float(f.max) if f.max else None,
    ),
}


_PLAUSIBLE = {
    "email": "fuzz@example.test",
    "url": "https://example.test/",
    "password": "Fuzz-test-password-7",
    "date": "2024-09-02",
    "datetime-local": "2024-09-02T09:00",
    "time": "09:00",
    "tel": "020 7946 0000",
}


def plausible(field: Field) -> Any:
    """A value a person might well enter: the baseline the catalogue varies one field from."""
    if field.kind in ("submit", "hidden"):
        return field.value
    if field.choice:
        real = [option for option in field.options if option]
        pick = real[0] if real else ""
        return [pick] if field.multiple else pick
    if field.kind == "checkbox":
        return ["on"]
    if field.kind == "number":
        return field.min or "1"
    text = _PLAUSIBLE.get(field.kind, "Fuzz test")
    return text[: field.maxlength] if field.maxlength else text


def certainly_invalid(field: Field, value: Any) -> str | None:
    """Why no Django form field rendered like ``field`` could accept ``value``, if so.

    Only fields a Django form rendered are judged (``id="id_<name>"``), not
    hand-written hidden inputs such as the sign-in page's ``next``.
    """
    if not field.form_field or field.kind in ("submit", "hidden"):
        return None
    if value is MISSING or value in ("", []):
        return "a required field left empty" if field.required else None
    if field.kind == "checkbox" and not field.options:
        return None  # any value ticks a single box
    values = [text_of(v) for v in (value if isinstance(value, list) else [value])]
    if any("\x00" in v for v in values) and (field.kind in TEXT_TYPES or field.choice):
        return "a NUL byte"
    if field.choice:
        foreign = [v for v in values if v not in field.options]
        return f"{foreign[0][:40]!r} is not one of the options offered" if foreign else None
    text = values[0]
    if field.required and not text.strip() and field.kind != "password":
        return "a required field left blank"
    if field.maxlength is not None and len(text.strip()) > field.maxlength:
        return f"longer than its maxlength {field.maxlength}"
    check = _TYPE_CHECKS.get(field.kind)
    if check is not None:
        try:
            check(field).clean(text)
        except ValidationError as exc:
            return f"not a valid {field.kind}: {exc.messages[0]}"
    return None


@dataclass(frozen=True)
class FoundForm:
    """A form found by crawling, and how to get back to it."""

    actor: Actor
    start_url: str  # GET this (following redirects) to reach the form, session and all
    page_url: str
    form: Form

    @property
    def action_url(self) -> str:
        return urljoin(self.page_url, self.form.action) if self.form.action else self.page_url

    @property
    def action_view(self) -> str:
        return view_name(self.action_url)

    @property
    def posts_to_its_page(self) -> bool:
        return self.action_view == view_name(self.page_url)

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return self.action_view, self.form.names

    def __str__(self) -> str:
        return f"{self.action_view} form {sorted(self.form.names)} as {self.actor.label}"


def view_name(url: str) -> str:
    try:
        return resolve(urlparse(url).path).view_name
    except Resolver404:
        return f"<unresolved {url}>"


def crawl(actor: Actor, url: str) -> list[FoundForm]:
    """The POST forms on the page ``url`` leads ``actor`` to."""
    response = actor.client().get(url, follow=True)
    assert response.status_code == 200, f"the crawl could not reach {url} as {actor.label}"
    if response.streaming:  # a file download: read it, so the test client closes it
        b"".join(response.streaming_content)
        return []
    if not response["Content-Type"].startswith("text/html"):
        return []  # JSON: no forms to fuzz
    page_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    return [FoundForm(actor, url, page_url, form) for form in post_forms(response.content.decode())]


def unique(found: Iterable[FoundForm]) -> list[FoundForm]:
    seen: dict[tuple[str, frozenset[str]], FoundForm] = {}
    for item in found:
        seen.setdefault(item.key, item)
    return list(seen.values())


def foreign_ids(protected: Iterable[School]) -> list[str]:
    """Ids (pk, public id) of one row of each tenant table of schools the person is not in."""
    ids: list[str] = []
    for school in protected:
        ids += [str(school.pk), str(school.public_id), school.slug]
        for model in apps.get_models():
            if issubclass(model, TenantModel):
                row = model._base_manager.filter(school=school).order_by("pk").first()
                if row is not None:
                    ids += [
                        str(row.pk),
                        *([str(row.public_id)] if hasattr(row, "public_id") else []),
                    ]
    return list(dict.fromkeys(ids))  # small primary keys repeat from table to table


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def assert_offers_nothing_foreign(found: FoundForm, foreign: Iterable[str]) -> None:
    """No option or hidden value is another school's row.

    Only public ids (UUIDs) are compared: a small integer pk is
    indistinguishable from an ordinary option such as a year group.
    """
    public = {ident for ident in foreign if _is_uuid(ident)}
    for f in found.form.fields:
        offered = {*f.options, *(f.value if isinstance(f.value, list) else [f.value])}
        leaked = sorted(offered & public)
        assert not leaked, f"{found}: {f.name} offers another school's rows: {leaked}"


def _values(data: dict[str, Any]) -> Iterator[tuple[str, str | bytes]]:
    for name, value in data.items():
        if value is MISSING:
            continue
        for item in value if isinstance(value, list) else [value]:
            yield name, item


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 70 else f"{text[:60]}…({len(text)} chars)"


class Fuzzer:
    """Posts to one found form, judging every answer; rolls back after each one."""

    def __init__(self, found: FoundForm, protected: Iterable[School]) -> None:
        self.found = found
        self.protected_ids = {school.pk for school in protected}
        self.client = found.actor.client()
        self.client.get(found.start_url, follow=True)
        self.cookies = {key: morsel.value for key, morsel in self.client.cookies.items()}
        self.fields = [f for f in found.form.fields if f.name != CSRF]
        self.baseline: dict[str, Any] = {f.name: plausible(f) for f in found.form.fields}
        self.submissions = 0

    def post(self, data: dict[str, Any]) -> TestResponse:
        self.client.cookies = SimpleCookie(self.cookies)
        pairs = list(_values(data))
        if self.found.form.enctype == MULTIPART_CONTENT.split(";")[0]:
            multi: dict[str, list[Any]] = {}
            for name, item in pairs:
                multi.setdefault(name, []).append(item)
            return self.client.post(self.found.action_url, multi)
        return self.client.post(
            self.found.action_url,
            urlencode(pairs),
            content_type="application/x-www-form-urlencoded",
        )

    def submit(self, data: dict[str, Any], what: str) -> None:
        """Post ``data``; fail with a readable account of it if the answer is wrong."""
        data = _one_megabyte_at_most(data)
        self.submissions += 1
        with transaction.atomic():
            before = snapshot()
            response = self.post(data)
            after = snapshot()
            transaction.set_rollback(True)
        problem = self.judge(data, response, before.changes(after))
        if problem:
            sent = "; ".join(
                f"{name}={_shorten(value)}" for name, value in data.items() if name != CSRF
            )
            raise AssertionError(f"{self.found} ({what}): {problem}\n  sent: {sent}")

    def judge(self, data: dict[str, Any], response: TestResponse, changes: dict[Any, Any]) -> str:
        status = response.status_code
        body = response.content.decode("utf-8", "replace")
        if status not in (200, 302, 303):
            return f"answered {status}; a form answers 200 (errors) or redirects"
        echoed = [marker for marker in RAW_MARKUP if marker in body]
        if echoed:
            return f"echoed {echoed[0]!r} unescaped"
        invalid = {
            f.name: reason
            for f in self.fields
            if (reason := certainly_invalid(f, data.get(f.name, MISSING)))
        }
        if status != 200:
            return self._judge_accepted(response, invalid, changes)
        if changes:
            return f"rejected the input but saved rows: {describe(changes)}"
        errors = rendered_errors(body, self.found.form.names)
        if errors is None:
            return "answered 200 without the form: neither a redirect nor the form with its errors"
        if not errors.any:
            return "showed the form again without any error"
        if errors.misplaced:
            return f"errors for {sorted(set(errors.misplaced))} are not next to their fields"
        unexplained = {name: why for name, why in invalid.items() if name not in errors.by_field}
        if unexplained:
            return f"no error next to {unexplained} (errors shown: {sorted(errors.by_field)})"
        return ""

    def _judge_accepted(
        self, response: TestResponse, invalid: dict[str, str], changes: dict[Any, Any]
    ) -> str:
        if invalid:
            return f"accepted input that cannot be valid: {invalid}"
        target = urlparse(response["Location"])
        if target.scheme not in ("", "http", "https") or target.netloc not in ("", "testserver"):
            return f"redirected off the site, to {response['Location']!r}"
        foreign = {key: change for key, change in changes.items() if key[1] in self.protected_ids}
        if foreign:
            return f"changed another school's rows: {describe(foreign)}"
        return ""

    def catalogue(self, foreign: list[str]) -> None:
        """Each hostile value in each field in turn, the others given plausible values."""
        self.submit(self.baseline, "plausible values")
        for f in self.fields:
            for label, value in _hostile_for(f, foreign):
                self.submit({**self.baseline, f.name: value}, f"{f.name} = {label}")

    def explore(self, foreign: list[str]) -> None:
        """Hypothesis: combinations of hostile values in every field at once."""
        fields = {f.name: field_strategy(f, foreign) for f in self.fields}
        smuggled = dict.fromkeys(SMUGGLED, st.sampled_from(foreign or ["1"]))
        strategy = st.fixed_dictionaries(fields, optional=smuggled)

        @FUZZ_SETTINGS
        @given(data=strategy)
        def submit_any(data: dict[str, Any]) -> None:
            self.submit({CSRF: self.baseline.get(CSRF, MISSING), **data}, "generated")

        submit_any()


# What each hostile value is aimed at. A value aimed at numbers, dates, web
# addresses or email is tried on a field of that type and on free one-line
# text (which a view might parse as anything); the rest go to every field.
_AIMED: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("negative number", "int32 overflow", "int64 overflow", "huge exponent", "NaN",
         "Arabic-Indic digits"),
        frozenset({"number", "hidden"}),
    ),
    **dict.fromkeys(
        ("30 February", "month 13", "year zero", "year 9999", "year 1", "UK date",
         "offset +99 hours"),
        frozenset({"date", "datetime-local", "time"}),
    ),
    **dict.fromkeys(
        ("javascript: URL", "data: URL", "protocol-relative URL"), frozenset({"url", "hidden"})
    ),
    **dict.fromkeys(
        ("right-to-left override in an email", "a demo account's email",
         "the other school's demo email"),
        frozenset({"email", "hidden"}),
    ),
}  # fmt: skip
_FREE_TEXT = frozenset({"text", "search"})
# Any value not among a choice's options is refused the same way; these are the
# ones that could still do harm (echoed back, too long, not text at all).
_FOR_CHOICES = frozenset(
    {"empty", "1 MB", "NUL byte", "script tag", "attribute breakout", "SQL", "negative number",
     "invalid UTF-8"}
)  # fmt: skip


def _aimed_at(label: str, f: Field) -> bool:
    if f.choice:
        return label in _FOR_CHOICES
    kinds = _AIMED.get(label)
    return kinds is None or f.kind in kinds or f.kind in _FREE_TEXT


def _hostile_for(f: Field, foreign: list[str]) -> Iterator[tuple[str, Any]]:
    yield "left out", MISSING
    values: dict[str, Any] = {
        label: value for label, value in HOSTILE.items() if _aimed_at(label, f)
    }
    for label, value in values.items():
        yield label, [value] if f.multiple else value
    if f.multiple:
        # Each id is refused on its own, so one submission of them all shows
        # whether any is accepted.
        yield "every other school's id at once", list(foreign)
    elif f.choice or f.kind == "hidden":
        for n, ident in enumerate(_shaped_like(f, foreign)):
            yield f"another school's id #{n}", ident


def _shaped_like(f: Field, foreign: list[str]) -> list[str]:
    """The ids that look like ``f``'s options (numbers, or uuids); all when it has none.

    A hidden field is shaped by its value: one holding a number or a uuid gets
    the ids of that shape, one holding anything else (a language code, a
    drawn signature, a token) none, since no id of a row could be valid there.
    """
    if f.kind == "hidden" and not f.choice and isinstance(f.value, str):
        if _is_uuid(f.value):
            return [ident for ident in foreign if _is_uuid(ident)]
        if f.value.isdigit():
            return [ident for ident in foreign if ident.isdigit()]
        return []
    options = [option for option in f.options if option]
    if options and all(option.isdigit() for option in options):
        return [ident for ident in foreign if ident.isdigit()]
    if options and all(_is_uuid(option) for option in options):
        return [ident for ident in foreign if _is_uuid(ident)]
    return foreign


def field_strategy(f: Field, foreign: list[str]) -> st.SearchStrategy[Any]:
    single = st.one_of(
        st.sampled_from(list(HOSTILE.values())),
        st.text(st.characters(codec="utf-8"), max_size=30),
        *([st.sampled_from(f.options)] if f.options else []),
        *([st.sampled_from(foreign)] if foreign else []),
    )
    if f.multiple:
        return st.one_of(st.just(MISSING), st.lists(single, max_size=3))
    return st.one_of(st.just(MISSING), st.just(f.value), st.just(plausible(f)), single)


def _one_megabyte_at_most(data: dict[str, Any]) -> dict[str, Any]:
    """Keep the body under Django's 2.5 MB limit: one 1 MB value per submission."""
    seen = False
    trimmed = {}
    for name, value in data.items():
        big = isinstance(value, str | bytes) and len(value) >= len(MEGABYTE)
        trimmed[name] = value[:1000] if big and seen else value
        seen = seen or big
    return trimmed


def fuzz(found: FoundForm, protected: Iterable[School]) -> int:
    """The whole treatment for one form; returns the number of submissions made."""
    protected = list(protected)
    foreign = foreign_ids(protected)
    assert_offers_nothing_foreign(found, foreign)
    fuzzer = Fuzzer(found, protected)
    fuzzer.catalogue(foreign)
    fuzzer.explore(foreign)
    return fuzzer.submissions
