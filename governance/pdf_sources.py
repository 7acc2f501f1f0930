"""The governance PDFs: each area's module, imported here for documents' autodiscovery."""

import governance.complaints.pdf_sources
import governance.figures.pdf_sources  # noqa: F401
