"""The shape every portal middleware that decides before the view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


class ViewMiddleware:
    """A middleware whose work is in ``process_view``: it sees which view will answer
    (and the attributes its decorators set) before the view runs, and may answer instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: View,
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        raise NotImplementedError
