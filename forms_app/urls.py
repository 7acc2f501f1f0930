"""Pages under /<school_slug>/: access requests, content reports, the network
manager's to-do and the register of what is allowed and blocked."""

from __future__ import annotations

from django.urls import path

from forms_app.views import network, register, reports, requests

app_name = "forms_app"

REQUEST = "access-requests/<uuid:request_id>/"
REPORT = "content-reports/<uuid:report_id>/"

urlpatterns = [
    path("access-requests/", requests.own_list, name="access-requests"),
    path("access-requests/new/", requests.add, name="access-request-add"),
    path("access-requests/queue/", requests.queue, name="access-request-queue"),
    path("access-requests/same-site/", requests.same_site, name="same-site"),
    path(REQUEST, requests.detail, name="access-request"),
    path(f"{REQUEST}withdraw/", requests.withdraw, name="access-request-withdraw"),
    path(f"{REQUEST}decide/", requests.decide, name="access-request-decide"),
    path(f"{REQUEST}unblocked/", requests.unblocked, name="access-request-unblocked"),
    path(f"{REQUEST}revoke/", requests.revoke, name="access-request-revoke"),
    path(f"{REQUEST}blocked-again/", requests.reblocked, name="access-request-reblocked"),
    path("content-reports/", reports.own_list, name="content-reports"),
    path("content-reports/new/", reports.add, name="content-report-add"),
    path("content-reports/queue/", reports.queue, name="content-report-queue"),
    path(REPORT, reports.detail, name="content-report"),
    path(f"{REPORT}blocked/", reports.blocked, name="content-report-blocked"),
    path(f"{REPORT}close/", reports.close, name="content-report-close"),
    path("filtering/to-do/", network.to_do, name="network-to-do"),
    path("filtering/register/", register.register, name="register"),
    path("filtering/register.csv", register.register_csv, name="register-csv"),
    path("filtering/review-pack/", register.review_pack, name="review-pack"),
    path(
        "filtering/review-pack/produce/", register.review_pack_produce, name="review-pack-produce"
    ),
]
