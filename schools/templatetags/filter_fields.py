"""``as_filter_field``: a list page's filter field, drawn as crispy-bootstrap5 draws it.

A list page's filters are a handful of text boxes and selects, drawn on every
request of the busiest pages. crispy-forms draws each through about ten
templates; this draws the same markup (the same wrapper, ids, classes and
error and help elements, so the pages and their tests cannot tell) from
Python, in about a third of the time. Any other kind of field (a checkbox, a
file, a radio list, a widget made of several) goes to crispy-forms itself.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The widgets drawn here; crispy-forms draws the rest.
_DRAWN = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.DateInput)
_DRAWN_SELECT = forms.Select
_NOT_DRAWN = (forms.CheckboxInput, forms.FileInput, forms.RadioSelect, forms.MultiWidget)


def _drawn_here(widget: forms.Widget) -> bool:
    if isinstance(widget, _NOT_DRAWN) or widget.is_hidden:
        return False
    return isinstance(widget, (*_DRAWN, _DRAWN_SELECT))


def _add_classes(widget: forms.Widget, *classes: str) -> None:
    """What crispy-forms does to a widget: its own class name, then Bootstrap's classes."""
    css = widget.attrs.get("class", "")
    own = type(widget).__name__.lower()
    if own not in css:
        css = f"{css} {own}" if css else own
    present = css.split()
    widget.attrs["class"] = " ".join([*present, *(c for c in classes if c not in present)])


@register.filter
def as_filter_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    if not _drawn_here(widget):
        drawn: SafeString = as_crispy_field(field)
        return drawn
    control = "form-select" if isinstance(widget, _DRAWN_SELECT) else "form-control"
    if field.errors:
        _add_classes(widget, control, "is-invalid")
    else:
        _add_classes(widget, control)
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,  # type: ignore[attr-defined]  # Django 5.2's ErrorList
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            # The form class's own text, never a person's: Django and crispy-forms
            # draw it unescaped too.
            mark_safe(field.help_text),  # noqa: S308 - see above
        )
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        label,
        str(field),
        errors,
        help_text,
    )
