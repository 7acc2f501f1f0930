"""``as_crispy_field`` and ``crispy``: crispy-bootstrap5's markup, drawn from Python.

Every form in the portal is drawn as crispy-bootstrap5 draws it. crispy-forms
draws each field through about ten templates, several milliseconds a field:
the incident form's twenty fields took about 45 ms of its 57 ms page. This
library draws the same markup (the same wrapper, ids, classes, labels,
fieldsets, error and help elements, so the pages and their tests cannot tell)
from Python, and templates load it in place of ``crispy_forms_tags``::

    {% load form_fields %}
    {{ form.kind|as_crispy_field }}   {{ form|crispy }}

What it does not draw goes to crispy-forms itself: a file input, a widget made
of several, and any form with a crispy ``helper`` (its layout is crispy's).
``tests/schools/test_form_fields.py`` compares the two for every kind of field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms.templatetags import crispy_forms_filters as crispy_filters
from django import forms, template
from django.forms import BaseForm, BoundField
from django.forms.widgets import Input
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CHOICE_LISTS = (forms.RadioSelect,)  # CheckboxSelectMultiple is a RadioSelect
_NOT_DRAWN = (forms.FileInput, forms.MultiWidget)
_REQUIRED = mark_safe('<span class="asteriskField">*</span>')


def _drawn_here(field: BoundField) -> bool:
    widget = field.field.widget
    if isinstance(widget, _NOT_DRAWN) or getattr(field.form, "helper", None) is not None:
        return False
    return isinstance(widget, (Input, forms.Textarea, forms.Select, *_CHOICE_LISTS))


def _add_classes(widget: forms.Widget, classes: str) -> None:
    """What crispy-forms does to a widget: its own class name, then Bootstrap's classes."""
    css = widget.attrs.get("class", "")
    own = type(widget).__name__.lower()
    if own not in css:
        css = f"{css} {own}" if css else own
    present = css.split()
    widget.attrs["class"] = " ".join([*present, *(c for c in classes.split() if c not in present)])


def _errors(field: BoundField) -> str:
    if not field.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.errors.field_id,  # type: ignore[attr-defined]  # Django 5.2's ErrorList
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
        ),
    )


def _help_text(field: BoundField) -> str:
    if not field.help_text:
        return ""
    return format_html(
        '<div {}class="form-text">{}</div>',
        format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
        # The form class's own text, never a person's: Django and crispy-forms
        # draw it unescaped too.
        mark_safe(field.help_text),  # noqa: S308 - see above
    )


def _wrapper(field: BoundField, first_class: str, inside: Iterable[str]) -> SafeString:
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="{}{}">{}</div>',
        field.auto_id,
        first_class,
        f" {css}" if css else "",
        mark_safe("".join(inside)),  # noqa: S308 - each part escaped where it was made
    )


def _checkbox(field: BoundField) -> SafeString:
    classes = "form-check-input is-invalid" if field.errors else "form-check-input"
    _add_classes(field.field.widget, classes)
    label = format_html(
        '<label for="{}" class="form-check-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if field.field.required else "",
        field.label,
        _REQUIRED if field.field.required else "",
    )
    inside = (str(field), label, _errors(field), _help_text(field))
    return format_html('<div class="mb-3">{}</div>', _wrapper(field, "form-check", inside))


def _option(field: BoundField, option: dict[str, Any], last: bool) -> str:
    attrs = format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in option["attrs"].items()
            if value is not False
        ),
    )
    return format_html(
        '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" '
        'value="{}"{}><label for="{}" class="form-check-label">{}</label>{}</div>',
        option["type"],
        " is-invalid" if field.errors else "",
        field.html_name,
        str(option["value"]),
        attrs,
        option["attrs"].get("id", ""),
        str(option["label"]),
        _errors(field) if last else "",
    )


def _choice_list(field: BoundField) -> str:
    """Radio buttons or checkboxes, one ``form-check`` each, as crispy-bootstrap5 lists them."""
    groups = list(crispy_filters.optgroups(field))
    parts: list[str] = []
    for n, (group, options, _) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        last_group = n == len(groups) - 1
        parts += (
            _option(field, option, last_group and i == len(options) - 1)
            for i, option in enumerate(options)
        )
    return format_html("<div>{}</div>{}", mark_safe("".join(parts)), _help_text(field))  # noqa: S308


def _label(field: BoundField, fieldset: bool) -> str:
    if not field.label:
        return ""
    required = field.field.required
    return format_html(
        '<{tag} {for_}class="form-label{required}{fs}">{label}{star}</{tag}>',
        tag="legend" if fieldset else "label",
        for_=format_html('for="{}" ', field.id_for_label) if field.id_for_label else "",
        required=" requiredField" if required else "",
        fs=" fs-6" if fieldset else "",
        label=field.label,
        star=_REQUIRED if required else "",
    )


def _control(field: BoundField) -> str:
    widget = field.field.widget
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    _add_classes(widget, f"{control} is-invalid" if field.errors else control)
    return str(field) + _errors(field) + _help_text(field)


def draw_field(field: BoundField) -> SafeString:
    """One field as crispy-bootstrap5's ``field.html`` draws it, with crispy's defaults."""
    if field.is_hidden:
        return SafeString(field)
    if not _drawn_here(field):
        drawn: SafeString = crispy_filters.as_crispy_field(field)
        return drawn
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field)
    fieldset = field.use_fieldset and bool(field.label)
    body = _choice_list(field) if isinstance(widget, _CHOICE_LISTS) else _control(field)
    inside = [_label(field, field.use_fieldset), body]
    if fieldset:
        described = field.aria_describedby
        opening = (
            format_html('<fieldset aria-describedby="{}">', described)
            if described
            else mark_safe("<fieldset>")
        )
        inside = [opening, *inside, "</fieldset>"]
    return _wrapper(field, "mb-3", inside)


@register.filter
def as_crispy_field(field: BoundField) -> SafeString:
    """``{{ form.name|as_crispy_field }}``: one field, as crispy-forms' filter draws it."""
    return draw_field(field)


@register.filter
def crispy(form: BaseForm) -> SafeString:
    """``{{ form|crispy }}``: the form's own errors, then each field, as crispy-forms draws them."""
    if getattr(form, "helper", None) is not None or not isinstance(form, BaseForm):
        drawn: SafeString = crispy_filters.as_crispy_form(form)
        return drawn
    # The form's own errors, through the portal's template for them (one a form).
    errors = get_template("bootstrap5/errors.html").render({"form": form})
    return mark_safe(errors + "".join(draw_field(field) for field in form))  # noqa: S308
