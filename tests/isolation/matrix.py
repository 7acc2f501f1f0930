"""THE isolation matrix: one row per page. A new page adds a row here, nothing else.

``SCHOOL_PAGES``: every named pattern in ``policyportal.urls.school_patterns``
(``test_matrix.py`` fails while one is missing). Each row says which roles
succeed with GET and with POST; the matrix derives every other cell (see
``tests/helpers/matrix.py``). An object page also gives ``object_kwargs``:
``lambda school: {"incident_id": <an incident of that school>.public_id}``,
and is then requested with the other school's ids and with ids that do not
exist as well.

``SITE_PAGES``: the pages outside any school, by hand for nobody signed in and
for a signed-in member, ``(GET, POST)``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from forms_app.access import FILERS, RECORD_ROLES, REGISTER_READERS
from schools.roles import (
    STAFF_ROLES,
    TRAINING_READERS,
    TRAINING_RECORDERS,
    Module,
    RecordKind,
    Role,
)
from tests.documents.factories import job_kwargs, summary_pdf_kwargs
from tests.forms_app.factories import (
    approved_kwargs,
    ended_kwargs,
    own_request_kwargs,
    report_kwargs,
    request_kwargs,
)
from tests.helpers.matrix import MEMBERS, Outcome, SchoolPage, SitePage
from tests.isolation import (
    pages_audit,
    pages_complaints,
    pages_coverage,
    pages_figures,
    pages_incidents,
    pages_kiosk,
    pages_people,
    pages_retention,
    pages_subject_access,
    pages_texts,
    pages_twofactor,
)
from tests.notifications.factories import notification_for
from tests.policies.factories import draft_clause_kwargs, draft_kwargs, draft_section_kwargs
from tests.schools.factories import network_kwargs, phone_kwargs
from tests.training.factories import session_kwargs

OK, LOGIN, REDIRECT = Outcome.OK, Outcome.LOGIN, Outcome.REDIRECT
NOT_ALLOWED = Outcome.NOT_ALLOWED
SUMMARY_READERS = frozenset({Role.HEADTEACHER, Role.GOVERNOR})
HEADTEACHER_ONLY = frozenset({Role.HEADTEACHER})
NOBODY: frozenset[Role] = frozenset()
NETWORK = frozenset({Role.NETWORK_MANAGER})
REQUESTS, REPORTS = RecordKind.ACCESS_REQUEST, RecordKind.CONTENT_REPORT

SCHOOL_PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("schools:home", get=MEMBERS),
    # The set-up summary PDF: the headteacher and governors. Asking answers GET by
    # going to the versions; a download's right is its record type's (403 in the view).
    SchoolPage(
        "documents:school-summary-request",
        get=SUMMARY_READERS,
        post=SUMMARY_READERS,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
    ),
    SchoolPage("documents:school-summary-versions", get=SUMMARY_READERS),
    SchoolPage("documents:download", get=SUMMARY_READERS, object_kwargs=summary_pdf_kwargs),
    # A job's progress: whoever asked for it, and the headteacher. The matrix's
    # job was asked for by nobody, so only the headteacher follows it.
    SchoolPage("jobs:detail", get=HEADTEACHER_ONLY, object_kwargs=job_kwargs),
    SchoolPage("jobs:status", get=HEADTEACHER_ONLY, object_kwargs=job_kwargs),
    # A person's own notifications. The actions answer GET by going to the list.
    SchoolPage("notifications:list", get=MEMBERS),
    SchoolPage(
        "notifications:read-all", get=MEMBERS, post=MEMBERS, get_ok=REDIRECT, post_ok=REDIRECT
    ),
    # One's own notification only: anyone else's is the 404 of a missing one.
    SchoolPage(
        "notifications:read",
        get=MEMBERS,
        post=MEMBERS,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        own_object_kwargs=lambda school, user: {
            "notification_id": notification_for(school, user).public_id
        },
    ),
    # The published policy is public: anyone, signed in or not, any school.
    SchoolPage("policies:policy", get=MEMBERS, public=True),
    SchoolPage(
        "policies:version", get=MEMBERS, public=True, object_kwargs=lambda school: {"number": 1}
    ),
    SchoolPage("policies:compare", get=MEMBERS),
    # A published version's PDF is public too ("being prepared" until its job has run).
    SchoolPage(
        "policies:version-pdf", get=MEMBERS, public=True, object_kwargs=lambda school: {"number": 1}
    ),
    # Any member reads the policy in force here; staff acknowledge it (an empty POST is
    # refused with a message).
    SchoolPage("policies:acknowledge", get=MEMBERS, post=STAFF_ROLES, post_ok=REDIRECT),
    # The headteacher's pages: the versions, coverage, import, and the draft editor.
    SchoolPage("policies:manage", get=HEADTEACHER_ONLY),
    SchoolPage("policies:coverage", get=HEADTEACHER_ONLY),
    SchoolPage("policies:import", get=HEADTEACHER_ONLY, post=HEADTEACHER_ONLY),
    SchoolPage(
        "policies:draft-start",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
    ),
    SchoolPage("policies:draft", get=HEADTEACHER_ONLY, object_kwargs=draft_kwargs),
    SchoolPage(
        "policies:publish", get=HEADTEACHER_ONLY, post=HEADTEACHER_ONLY, object_kwargs=draft_kwargs
    ),
    SchoolPage(
        "policies:discard",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        post_ok=REDIRECT,
        object_kwargs=draft_kwargs,
    ),
    SchoolPage(
        "policies:section-edit",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        object_kwargs=draft_section_kwargs,
    ),
    SchoolPage(
        "policies:clause-add",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        object_kwargs=draft_section_kwargs,
    ),
    SchoolPage(
        "policies:clause-edit",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        object_kwargs=draft_clause_kwargs,
    ),
    SchoolPage(
        "policies:clause-remove",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        post_ok=REDIRECT,
        object_kwargs=draft_clause_kwargs,
    ),
    # The headteacher's settings page; an empty POST shows its errors.
    SchoolPage("schools:settings", get=HEADTEACHER_ONLY, post=HEADTEACHER_ONLY),
    # Reporting contacts (Appendices 4-5): read by every member, kept by the headteacher.
    # Reset actions answer GET by going back to the list.
    SchoolPage("schools:contacts", get=MEMBERS),
    SchoolPage("schools:contacts-edit", get=HEADTEACHER_ONLY),
    SchoolPage(
        "schools:network-edit",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        object_kwargs=network_kwargs,
    ),
    SchoolPage(
        "schools:network-reset",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=network_kwargs,
    ),
    SchoolPage(
        "schools:phone-edit",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        object_kwargs=phone_kwargs,
    ),
    SchoolPage(
        "schools:phone-reset",
        get=HEADTEACHER_ONLY,
        post=HEADTEACHER_ONLY,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=phone_kwargs,
    ),
    # The staff training log: recorded by the headteacher, DSL and e-safety team;
    # read by them and governors.
    SchoolPage("training:sessions", get=TRAINING_READERS, module=Module.TRAINING),
    SchoolPage(
        "training:session-add",
        get=TRAINING_RECORDERS,
        post=TRAINING_RECORDERS,
        module=Module.TRAINING,
    ),
    SchoolPage("training:overdue", get=TRAINING_READERS, module=Module.TRAINING),
    SchoolPage(
        "training:session",
        get=TRAINING_READERS,
        module=Module.TRAINING,
        object_kwargs=session_kwargs,
    ),
    SchoolPage(
        "training:session-withdraw",
        get=TRAINING_RECORDERS,
        post=TRAINING_RECORDERS,
        module=Module.TRAINING,
        object_kwargs=session_kwargs,
    ),
    # Blocked-content access requests. Staff file them and see their own; the
    # school's reviewers (Chestnuts: the headteacher; Norris Bank: the e-safety
    # team) decide; the network manager unblocks and blocks again. The matrix's
    # request was made by the school's teacher.
    SchoolPage("forms_app:access-requests", get=FILERS, module=Module.ACCESS_REQUESTS),
    SchoolPage(
        "forms_app:access-request-add", get=FILERS, post=FILERS, module=Module.ACCESS_REQUESTS
    ),
    SchoolPage(
        "forms_app:access-request-queue",
        get=HEADTEACHER_ONLY,
        module=Module.ACCESS_REQUESTS,
        reviewers=REQUESTS,
    ),
    # Earlier records for the same site, as the form and the decision page show them.
    SchoolPage("forms_app:same-site", get=RECORD_ROLES),
    SchoolPage(
        "forms_app:access-request",
        get=frozenset({Role.TEACHER, Role.HEADTEACHER, Role.NETWORK_MANAGER}),
        module=Module.ACCESS_REQUESTS,
        object_kwargs=request_kwargs,
        reviewers=REQUESTS,
    ),
    # Only the requester withdraws, while the request waits: anyone else's
    # request is the 404 of one that does not exist.
    SchoolPage(
        "forms_app:access-request-withdraw",
        get=FILERS,
        post=FILERS,
        module=Module.ACCESS_REQUESTS,
        own_object_kwargs=own_request_kwargs,
        post_ok=REDIRECT,
    ),
    SchoolPage(
        "forms_app:access-request-decide",
        get=NOBODY,
        post=NOBODY,
        module=Module.ACCESS_REQUESTS,
        object_kwargs=request_kwargs,
        reviewers=REQUESTS,
    ),
    SchoolPage(
        "forms_app:access-request-unblocked",
        get=NETWORK,
        post=NETWORK,
        module=Module.ACCESS_REQUESTS,
        object_kwargs=approved_kwargs,
    ),
    SchoolPage(
        "forms_app:access-request-revoke",
        get=NOBODY,
        post=NOBODY,
        module=Module.ACCESS_REQUESTS,
        object_kwargs=approved_kwargs,
        reviewers=REQUESTS,
    ),
    SchoolPage(
        "forms_app:access-request-reblocked",
        get=NETWORK,
        post=NETWORK,
        module=Module.ACCESS_REQUESTS,
        object_kwargs=ended_kwargs,
    ),
    # Inappropriate-content reports. The matrix's report was made by the teacher
    # and flagged as a safeguarding issue, so the DSL may see it too.
    SchoolPage("forms_app:content-reports", get=FILERS, module=Module.CONTENT_REPORTS),
    SchoolPage(
        "forms_app:content-report-add", get=FILERS, post=FILERS, module=Module.CONTENT_REPORTS
    ),
    SchoolPage(
        "forms_app:content-report-queue",
        get=frozenset({Role.HEADTEACHER, Role.DSL}),
        module=Module.CONTENT_REPORTS,
        reviewers=REPORTS,
    ),
    SchoolPage(
        "forms_app:content-report",
        get=frozenset({Role.TEACHER, Role.HEADTEACHER, Role.DSL, Role.NETWORK_MANAGER}),
        module=Module.CONTENT_REPORTS,
        object_kwargs=report_kwargs,
        reviewers=REPORTS,
    ),
    SchoolPage(
        "forms_app:content-report-blocked",
        get=NETWORK,
        post=NETWORK,
        module=Module.CONTENT_REPORTS,
        object_kwargs=report_kwargs,
    ),
    SchoolPage(
        "forms_app:content-report-close",
        get=NOBODY,
        post=NOBODY,
        module=Module.CONTENT_REPORTS,
        object_kwargs=report_kwargs,
        reviewers=REPORTS,
    ),
    # The network manager's to-do; the headteacher sees it too.
    SchoolPage("forms_app:network-to-do", get=frozenset({Role.NETWORK_MANAGER, Role.HEADTEACHER})),
    # The register and its exports: the evidence for the annual filtering review.
    SchoolPage("forms_app:register", get=REGISTER_READERS),
    SchoolPage("forms_app:register-csv", get=REGISTER_READERS),
    SchoolPage("forms_app:review-pack", get=REGISTER_READERS),
    SchoolPage(
        "forms_app:review-pack-produce",
        get=REGISTER_READERS,
        post=REGISTER_READERS,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
    ),
    # The home-school agreement: each area keeps its rows in its own module.
    *pages_coverage.PAGES,
    *pages_kiosk.PAGES,
    *pages_texts.PAGES,
    *pages_incidents.PAGES,
    *pages_complaints.PAGES,
    *pages_audit.PAGES,
    *pages_figures.PAGES,
    *pages_people.PAGES,
    *pages_retention.PAGES,
    *pages_subject_access.PAGES,
)


def password_reset_link() -> dict[str, Any]:
    """A valid reset link: its GET stores the token in the session and redirects.

    For an account no test signs in as: signing in changes ``last_login``,
    which invalidates the account's reset tokens.
    """
    user = User.objects.get(email="support@norris-bank.example")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


SITE_PAGES: tuple[SitePage, ...] = (
    # Pages that only redirect do so for any method, like Django's RedirectView.
    SitePage("root", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, REDIRECT)),
    SitePage(
        "healthz",
        anonymous=(OK, NOT_ALLOWED),
        signed_in=(OK, NOT_ALLOWED),
    ),
    SitePage("accounts:login", anonymous=(OK, OK), signed_in=(REDIRECT, REDIRECT)),
    SitePage("accounts:logout", anonymous=(NOT_ALLOWED, LOGIN), signed_in=(NOT_ALLOWED, LOGIN)),
    SitePage(
        "accounts:choose-school",
        anonymous=(LOGIN, LOGIN),
        signed_in=(OK, NOT_ALLOWED),
    ),
    SitePage("accounts:after-login", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, REDIRECT)),
    SitePage("accounts:password-reset", anonymous=(OK, OK), signed_in=(OK, OK)),
    SitePage(
        "accounts:password-reset-done", anonymous=(OK, NOT_ALLOWED), signed_in=(OK, NOT_ALLOWED)
    ),
    SitePage(
        "accounts:password-reset-confirm",
        anonymous=(REDIRECT, REDIRECT),
        signed_in=(REDIRECT, REDIRECT),
        kwargs=password_reset_link,
    ),
    SitePage(
        "accounts:password-reset-complete", anonymous=(OK, NOT_ALLOWED), signed_in=(OK, NOT_ALLOWED)
    ),
    *pages_people.SITE_PAGES,
    *pages_twofactor.SITE_PAGES,
)

# Outside both tables, with the reason.
NOT_IN_MATRIX = {"admin": "Django's admin: platform administrators only, tested by Django"}
