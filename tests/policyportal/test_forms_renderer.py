"""Form widgets are drawn by Jinja2, and by Django's engine where only it has the template."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates, get_default_renderer

from policyportal.forms_renderer import PortalFormRenderer

WEEKDAYS = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday")]


def test_the_portal_draws_widgets_with_its_renderer() -> None:
    assert isinstance(get_default_renderer(), PortalFormRenderer)


def test_a_select_is_drawn_as_django_draws_it_through_jinja2() -> None:
    select = forms.Select(choices=WEEKDAYS)

    ours = select.render("day", "tue", attrs={"id": "id_day"}, renderer=PortalFormRenderer())
    django = select.render("day", "tue", attrs={"id": "id_day"}, renderer=DjangoTemplates())

    assert ours.split() == django.split()  # the same markup, whitespace aside
    assert '<option value="tue" selected>Tuesday</option>' in ours


def test_a_label_is_escaped() -> None:
    select = forms.Select(choices=[("x", "<script>alert(1)</script>")])

    drawn = select.render("x", None, renderer=PortalFormRenderer())

    assert "<script>" not in drawn
    assert "&lt;script&gt;" in drawn


def test_a_template_only_django_has_is_drawn_by_django() -> None:
    drawn = AdminDateWidget().render("on", "2026-11-23", renderer=PortalFormRenderer())

    assert 'name="on"' in drawn
    assert 'value="2026-11-23"' in drawn
