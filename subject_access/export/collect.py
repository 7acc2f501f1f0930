"""What the portal holds about one person, gathered as tables (CSVs) and records (PDFs).

Each kind of subject has its collector (``family``, ``staff``). Every text goes
through the export's ``Redactor``: the subject's records, nobody else's.
"""

from __future__ import annotations

from collections.abc import Callable

from subject_access.export.family import parent_bundle, pupil_bundle
from subject_access.export.layout import Bundle, Formatter
from subject_access.export.redact import Redactor
from subject_access.export.staff import staff_bundle
from subject_access.models import SubjectAccessRequest, SubjectKind

COLLECTORS: dict[SubjectKind, Callable[[SubjectAccessRequest, Formatter], Bundle]] = {
    SubjectKind.PUPIL: pupil_bundle,
    SubjectKind.PARENT: parent_bundle,
    SubjectKind.STAFF: staff_bundle,
}


def collect(request: SubjectAccessRequest) -> Bundle:
    subject_names = [request.subject_name]
    if request.child is not None:
        subject_names.append(request.child.full_name)
    f = Formatter(request.school, Redactor(subject_names))
    return COLLECTORS[SubjectKind(request.subject_kind)](request, f)
