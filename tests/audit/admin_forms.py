"""Changing a record in Django admin as the platform administrator would, in a test.

The change form is posted whole, as the admin page shows it (inlines too),
with only the fields a test names changed: what the admin's own form and
``save_model`` do is what is tested.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from tests.audit.formdata import form_data, formset_data


def model_admin(model: type[models.Model]) -> ModelAdmin[Any]:
    return admin.site._registry[model]


def may_change_anything(model: type[models.Model], platform_admin: User) -> bool:
    """Whether the model's admin lets the platform administrator add a row or change a field."""
    if model not in admin.site._registry:
        return False
    ma = model_admin(model)
    request = RequestFactory().get("/admin/")
    request.user = platform_admin
    if ma.has_add_permission(request):
        return True
    if not ma.has_change_permission(request):
        return False
    editable = {f.name for f in model._meta.fields if f.editable}
    shown = set(ma.get_fields(request)) - set(ma.get_readonly_fields(request))
    return bool(editable & shown)


def _admin_data(platform_admin: User, model: type[models.Model], obj: Any) -> dict[str, Any]:
    ma = model_admin(model)
    request = RequestFactory().get("/admin/")
    request.user = platform_admin
    form = ma.get_form(request, obj, change=obj is not None)(instance=obj)
    data = form_data(form)
    formsets, _ = ma._create_formsets(request, obj, change=obj is not None)  # type: ignore[attr-defined]
    for formset in formsets:
        data.update(formset_data(formset))
    return data


def _post(platform_admin: User, url: str, data: dict[str, Any]) -> None:
    client = Client()
    client.force_login(platform_admin)
    response = client.post(url, data)
    form = (response.context or {}).get("adminform") if response.context else None
    assert response.status_code == 302, form.form.errors if form else response.status_code


def admin_change(platform_admin: User, record: models.Model, **changes: Any) -> None:
    """Post ``record``'s admin change form with ``changes`` (as the browser would send them)."""
    model = type(record)
    data = _admin_data(platform_admin, model, record) | changes
    opts = model._meta
    _post(
        platform_admin,
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
        data,
    )


def admin_add(platform_admin: User, model: type[models.Model], **values: Any) -> None:
    """Post the model's admin add form, filled with ``values`` beyond its defaults."""
    data = _admin_data(platform_admin, model, None) | values
    opts = model._meta
    _post(platform_admin, reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), data)
