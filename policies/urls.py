"""Pages under /<school_slug>/policy/."""

from __future__ import annotations

from django.urls import path

from policies.views import acknowledgement, manage, public

app_name = "policies"

urlpatterns = [
    # Anyone: the published policy, its versions and their PDFs.
    path("", public.policy, name="policy"),
    path("v<int:number>/", public.policy_version, name="version"),
    path("v<int:number>/pdf/", public.version_pdf, name="version-pdf"),
    # Members.
    path("compare/", public.policy_compare, name="compare"),
    # Staff.
    path("acknowledge/", acknowledgement.acknowledge, name="acknowledge"),
    # The headteacher.
    path("manage/", manage.versions, name="manage"),
    path("manage/acknowledgements/", acknowledgement.coverage, name="coverage"),
    path("manage/import/", manage.import_document, name="import"),
    path("manage/start/", manage.draft_start, name="draft-start"),
    path("manage/drafts/<uuid:version_id>/", manage.draft, name="draft"),
    path("manage/drafts/<uuid:version_id>/publish/", manage.publish, name="publish"),
    path("manage/drafts/<uuid:version_id>/discard/", manage.discard, name="discard"),
    path("manage/sections/<uuid:section_id>/", manage.section_edit, name="section-edit"),
    path("manage/sections/<uuid:section_id>/add/", manage.clause_add, name="clause-add"),
    path("manage/clauses/<uuid:clause_id>/", manage.clause_edit, name="clause-edit"),
    path("manage/clauses/<uuid:clause_id>/remove/", manage.clause_remove, name="clause-remove"),
]
