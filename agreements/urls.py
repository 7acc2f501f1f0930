"""Pages under /<school_slug>/agreements/ (staff), /<school_slug>/kiosk/ (the
tablet) and /<school_slug>/sign/ (a family's personal link).

Each area's view module lists its own ``urlpatterns``; they are joined here.
"""

from __future__ import annotations

from agreements.views import coverage, kiosk, link, paper, roster, texts

app_name = "agreements"

urlpatterns = [
    *coverage.urlpatterns,
    *roster.urlpatterns,
    *texts.urlpatterns,
    *kiosk.urlpatterns,
    *link.urlpatterns,
    *paper.urlpatterns,
]
