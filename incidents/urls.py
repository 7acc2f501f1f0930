"""Pages under /<school_slug>/incidents/: the incident log, its checklists, the
evidence vault, the evidence pack and the quick contact-attempt log.

Each area's view module lists its own ``urlpatterns``; they are joined here.
"""

from __future__ import annotations

from incidents.views import checklists, contact, evidence, incidents, lists, log, pack, work

app_name = "incidents"

urlpatterns = [
    *lists.urlpatterns,
    *log.urlpatterns,
    *incidents.urlpatterns,
    *work.urlpatterns,
    *evidence.urlpatterns,
    *checklists.urlpatterns,
    *pack.urlpatterns,
    *contact.urlpatterns,
]
