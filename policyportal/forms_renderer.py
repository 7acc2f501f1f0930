"""How form widgets are drawn: through Jinja2, falling back to Django's templates.

Django draws every widget from a template, and a select draws one more for
each of its options: the audit history's filters (three selects, about 70
options) cost about 5 ms a request through Django's template engine, several
times more than through Jinja2, from the same markup Django ships in both
languages (``django/forms/jinja2``). A widget template only Django's engine
has, such as the admin's related-object wrapper, is drawn by Django's.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class PortalFormRenderer(Jinja2):
    def __init__(self) -> None:
        super().__init__()
        self._django = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
