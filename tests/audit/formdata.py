"""What a browser would post for a form left as the page shows it, to change one thing.

``form_data(form)`` turns an unbound form's initial values into POST data the
way each widget would submit them (split date-times, ticked boxes, multiple
choices), so a test can post a whole form, admin or portal, changing only the
field it cares about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.widgets import ChoiceWidget


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        if not bound.field.disabled:
            data.update(_widget_data(bound.html_name, bound.field.widget, bound.value()))
    return data


def formset_data(formset: forms.BaseFormSet) -> dict[str, Any]:  # type: ignore[type-arg]
    data = form_data(formset.management_form)
    for each in formset.forms:
        data.update(form_data(each))
    return data


def _widget_data(name: str, widget: forms.Widget, value: Any) -> dict[str, Any]:
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        data: dict[str, Any] = {}
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
            data.update(_widget_data(name + suffix, sub, part))
        return data
    if isinstance(widget, forms.FileInput):
        return {}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, ChoiceWidget):
        chosen = [str(v) for v in widget.format_value(value) if v != ""]
        if widget.allow_multiple_selected:
            return {name: chosen}
        return {name: chosen[0] if chosen else ""}
    shown = widget.format_value(value)
    return {name: "" if shown is None else str(shown)}
