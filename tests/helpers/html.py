"""Reading the portal's HTML back: a small element tree, the POST forms in it, their errors.

Built on ``html.parser`` from the standard library. The tree is forgiving
rather than complete: void elements never take children, and an end tag
closes the nearest open element with that name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
TEXT_TYPES = frozenset(
    {"text", "email", "password", "url", "search", "tel", "number", "date", "datetime-local",
     "time", "month", "week", "color", "textarea"}
)  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            el
            for el in self.iter()
            if (tag is None or el.tag == tag)
            and all(el.attrs.get(k) == v for k, v in attrs.items())
        ]

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def contains(self, other: Element) -> bool:
        node: Element | None = other
        while node is not None:
            if node is self:
                return True
            node = node.parent
        return False

    def all_text(self) -> str:
        return "".join("".join(el.text) for el in self.iter())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Field:
    """One name a form posts, with what the HTML says about it."""

    name: str
    kind: str  # an input type ("text", "hidden", "checkbox"…), "textarea" or "select"
    value: str | list[str]  # what the browser would send untouched ([] for unticked boxes)
    options: tuple[str, ...] = ()  # select, radio and checkbox-group values
    required: bool = False
    multiple: bool = False
    maxlength: int | None = None
    min: str | None = None
    max: str | None = None
    form_field: bool = False  # rendered by a Django form (id="id_<name>…"), not by hand

    @property
    def choice(self) -> bool:
        return self.kind in ("select", "radio") or (self.kind == "checkbox" and bool(self.options))


@dataclass(frozen=True)
class Form:
    action: str  # as written in the HTML; "" posts back to the page
    enctype: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _controls(form: Element) -> dict[str, list[Element]]:
    controls: dict[str, list[Element]] = {}
    for el in form.iter():
        if el.tag in ("input", "textarea", "select", "button") and el.attrs.get("name"):
            controls.setdefault(el.attrs["name"], []).append(el)
    return controls


def _field(name: str, elements: list[Element]) -> Field | None:
    first = elements[0]
    kind = first.attrs.get("type", "text").lower() if first.tag == "input" else first.tag
    if first.tag == "button" or kind in ("submit", "image", "reset", "button"):
        # A named submit button: the browser sends the value of the one pressed.
        options = tuple(el.attrs.get("value", "") for el in elements)
        return Field(name, "submit", options[0], options)
    if kind == "file":
        return None
    described = Field(
        name,
        kind,
        "",
        required=any("required" in el.attrs for el in elements),
        maxlength=_int(first.attrs.get("maxlength")),
        min=first.attrs.get("min"),
        max=first.attrs.get("max"),
        form_field=any(el.attrs.get("id", "").startswith(f"id_{name}") for el in elements),
    )
    if kind == "select":
        listed = [
            (o.attrs.get("value", o.all_text().strip()), "selected" in o.attrs)
            for o in first.find_all("option")
        ]
        options = tuple(value for value, _ in listed)
        chosen = [value for value, selected in listed if selected]
        if "multiple" in first.attrs:
            return replace(described, value=chosen, options=options, multiple=True)
        # A browser sends the first option when none is selected.
        default = chosen[0] if chosen else (options[0] if options else "")
        return replace(described, value=default, options=options)
    if kind in ("radio", "checkbox") and (len(elements) > 1 or kind == "radio"):
        options = tuple(el.attrs.get("value", "on") for el in elements)
        ticked = [el.attrs.get("value", "on") for el in elements if "checked" in el.attrs]
        if kind == "radio":
            return replace(described, value=ticked[0] if ticked else "", options=options)
        return replace(described, value=ticked, options=options, multiple=True)
    if kind == "checkbox":
        ticked = [first.attrs.get("value", "on")] if "checked" in first.attrs else []
        return replace(described, value=ticked)
    if kind == "textarea":
        return replace(described, value=first.all_text().removeprefix("\n"))
    return replace(described, value=first.attrs.get("value", ""))


def post_forms(html: str) -> list[Form]:
    """Every ``<form method="post">`` on the page, with its fields."""
    forms = []
    for el in parse(html).find_all("form"):
        if el.attrs.get("method", "get").lower() != "post":
            continue
        fields = [_field(name, els) for name, els in _controls(el).items()]
        forms.append(
            Form(
                action=el.attrs.get("action", ""),
                enctype=el.attrs.get("enctype", "application/x-www-form-urlencoded"),
                fields=tuple(f for f in fields if f is not None),
            )
        )
    return forms


ERROR_ID = re.compile(r"^error_\d+_id_(?P<field>.+)$")


@dataclass(frozen=True)
class RenderedErrors:
    """The errors a re-rendered form shows (crispy-bootstrap5's markup).

    ``by_field``: fields with at least one error element ``error_<n>_id_<field>``
    inside an ``invalid-feedback`` element inside the field's own wrapper
    ``div_id_<field>``, whose inputs are marked ``aria-invalid``.
    ``misplaced``: error elements that are not so placed. ``form_wide``: the
    texts of the form's non-field errors (``alert-danger`` inside the form).
    """

    by_field: frozenset[str]
    misplaced: tuple[str, ...]
    form_wide: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.by_field or self.misplaced or self.form_wide)


def _placed(form: Element, error: Element, name: str) -> bool:
    wrappers = form.find_all(id=f"div_id_{name}")
    feedback = error
    while feedback is not None and "invalid-feedback" not in feedback.classes():
        feedback = feedback.parent  # type: ignore[assignment]
    if not wrappers or feedback is None or not wrappers[0].contains(feedback):
        return False
    inputs = [el for el in wrappers[0].iter() if el.attrs.get("name") == name]
    return bool(inputs) and all(el.attrs.get("aria-invalid") == "true" for el in inputs)


def rendered_errors(html: str, names: frozenset[str]) -> RenderedErrors | None:
    """The errors of the form posting ``names`` on the page, or None if no such form."""
    for form in parse(html).find_all("form"):
        posted = {el.attrs["name"] for el in form.iter() if el.attrs.get("name")}
        if not names <= posted | {"csrfmiddlewaretoken"}:
            continue
        by_field, misplaced = set(), []
        for el in form.iter():
            match = ERROR_ID.match(el.attrs.get("id", ""))
            if match is None:
                continue
            if _placed(form, el, match["field"]):
                by_field.add(match["field"])
            else:
                misplaced.append(match["field"])
        form_wide = tuple(
            el.all_text().strip() for el in form.iter() if {"alert", "alert-danger"} <= el.classes()
        )
        return RenderedErrors(frozenset(by_field), tuple(misplaced), form_wide)
    return None
