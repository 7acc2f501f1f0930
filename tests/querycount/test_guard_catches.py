"""The query-count guard fails a page with an N+1, and shows both query lists."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from schools.models import School
from tests.helpers.querycount import assert_queries_constant


def school_names_one_query_each(request: HttpRequest) -> HttpResponse:
    """An N+1 on purpose: one query for the ids, then one per school."""
    ids = School.objects.values_list("pk", flat=True)
    return HttpResponse(", ".join(School.objects.get(pk=pk).name for pk in ids))


urlpatterns = [path("n-plus-one/", school_names_one_query_each)]


@pytest.mark.urls("tests.querycount.test_guard_catches")
def test_an_n_plus_one_fails_the_guard(db: None) -> None:
    def add_schools(n: int) -> None:
        for _ in range(n):
            School.objects.create(slug=f"nplus1-{School.objects.count()}", name="N+1 School")

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_queries_constant(lambda: Client().get("/n-plus-one/"), add_schools)
    message = str(failure.value)
    assert "6 queries with 5 records, 51 with 50" in message
    assert message.count('FROM "schools_school"') == 6 + 51
