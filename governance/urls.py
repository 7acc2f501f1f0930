"""Pages under /<school_slug>/governance/: complaints, the audit history and the figures."""

from __future__ import annotations

from governance.audit.urls import urlpatterns as audit
from governance.complaints.urls import urlpatterns as complaints
from governance.figures.urls import urlpatterns as figures

app_name = "governance"

urlpatterns = [*complaints, *audit, *figures]
