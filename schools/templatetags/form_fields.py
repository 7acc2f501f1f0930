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
from django.utils.html import conditional_escape as esc
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


# Django's widget templates whose markup is drawn here (the project's renderer
# otherwise draws them through Jinja2: a select, one template an option).
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "date", "datetime",
                 "time", "checkbox", "hidden", "tel", "search", "color")
)  # fmt: skip
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Django's ``attrs.html``: `` name="value"``, a bare `` name`` for True, nothing for False.

    Escaped as ``format_html`` escapes (``conditional_escape``); written out
    with f-strings, since a select draws it once an option.
    """
    return mark_safe(  # noqa: S308 - each name and value escaped here
        "".join(
            f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _select(widget: dict[str, Any]) -> SafeString | None:
    """Django's ``select.html``; None where an option has a template of its own."""
    parts = [f'<select name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{esc(group)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            parts.append(
                f'\n  <option value="{esc(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{esc(str(option['label']))}</option>"
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - each value escaped above


def widget_html(field: BoundField) -> SafeString:
    """``str(field)``, drawn from Python for Django's own inputs, text areas and selects.

    The same markup as Django's widget templates, from the widget's own
    context (``Widget.get_context``: its value, attributes and options);
    anything else (another template, a localized field, a hidden initial
    value) is drawn by the widget itself.
    """
    widget = field.field.widget
    template_name = widget.template_name
    drawn_here = template_name in _INPUT_TEMPLATES or template_name in (_TEXTAREA, _SELECT)
    if not drawn_here or field.field.localize or field.field.show_hidden_initial:
        return SafeString(field)
    # What BoundField.as_widget gives the widget.
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if template_name == _SELECT:
        return _select(context) or SafeString(field)
    attributes = _attrs(context["attrs"])
    if template_name == _TEXTAREA:
        name, text = esc(context["name"]), esc(context["value"] or "")
        return mark_safe(f'<textarea name="{name}"{attributes}>\n{text}</textarea>')  # noqa: S308
    value = context["value"]
    shown = "" if value is None else f' value="{esc(value)}"'
    return mark_safe(  # noqa: S308 - each value escaped here or in _attrs
        f'<input type="{esc(context["type"])}" name="{esc(context["name"])}"{shown}{attributes}>'
    )


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
    inside = (widget_html(field), label, _errors(field), _help_text(field))
    return format_html('<div class="mb-3">{}</div>', _wrapper(field, "form-check", inside))


def _option(field: BoundField, option: dict[str, Any], last: bool) -> str:
    return format_html(
        '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" '
        'value="{}"{}><label for="{}" class="form-check-label">{}</label>{}</div>',
        option["type"],
        " is-invalid" if field.errors else "",
        field.html_name,
        str(option["value"]),
        _attrs(option["attrs"]),
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
    return widget_html(field) + _errors(field) + _help_text(field)


def draw_field(field: BoundField) -> SafeString:
    """One field as crispy-bootstrap5's ``field.html`` draws it, with crispy's defaults."""
    if field.is_hidden:
        return widget_html(field)
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
