"""Where PDFs come from: one ``PdfSource`` per kind of record.

A record type gets its PDF by declaring a source in its app's
``pdf_sources.py`` (found at start-up, like ``tasks.py``)::

    @register_source
    class AccessRequestPdf(PdfSource[AccessRequest]):
        subject_type = "access-request"
        template_name = "pdf/access_request.html"
        download_roles = frozenset({Role.HEADTEACHER})

        def load(self, school, subject_id): ...   # the record, inside ``school`` only
        def title(self, subject): ...
        def reference(self, subject): ...
        def context(self, subject): ...           # what the template shows

Everything else — versions, the background job, limits, storage, the
download page and its checks — is shared (``documents.services``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from schools.access import MemberRoles
from schools.models import School
from schools.roles import Role

if TYPE_CHECKING:
    from documents.models import Document

S = TypeVar("S")


class UnknownSubjectType(LookupError):
    pass


class PdfSource(ABC, Generic[S]):
    """How to find a record inside a school and lay it out as a PDF."""

    subject_type: ClassVar[str]
    template_name: ClassVar[str]
    # Who may download the PDFs of this kind of record; refine in may_download.
    download_roles: ClassVar[frozenset[Role]] = frozenset({Role.HEADTEACHER})

    @abstractmethod
    def load(self, school: School, subject_id: str) -> S | None:
        """The record ``subject_id`` of ``school``; None if it is not one of that school's."""

    @abstractmethod
    def subject_id(self, subject: S) -> str:
        """The record's public id, as ``load`` takes it."""

    @abstractmethod
    def title(self, subject: S) -> str: ...

    @abstractmethod
    def reference(self, subject: S) -> str:
        """The reference printed on every page, e.g. the record's number."""

    @abstractmethod
    def context(self, subject: S) -> dict[str, Any]:
        """What the template needs beyond the school, title, reference and version.

        Everything shown must come from here: the PDF's version changes exactly
        when the HTML built from this context changes.
        """

    def may_download(self, member: MemberRoles, document: Document) -> bool:
        return member.has(*self.download_roles)

    def downloaded(self, member: MemberRoles, document: Document) -> None:
        """Called as the download view hands ``member`` the file, after every check passed.

        Nothing by default; a record whose every look is logged (an incident's
        evidence pack) writes its access log here.
        """
        return None


_SOURCES: dict[str, PdfSource[Any]] = {}

_SourceClass = TypeVar("_SourceClass", bound=type[PdfSource[Any]])


def register_source(cls: _SourceClass) -> _SourceClass:
    """Class decorator: make ``cls`` the source of its ``subject_type``."""
    existing = _SOURCES.get(cls.subject_type)
    if existing is not None and type(existing) is not cls:
        raise ValueError(f"PDF subject type {cls.subject_type!r} is registered twice.")
    _SOURCES[cls.subject_type] = cls()
    return cls


def source_for(subject_type: str) -> PdfSource[Any]:
    try:
        return _SOURCES[subject_type]
    except KeyError as exc:
        raise UnknownSubjectType(f"No PDF source for subject type {subject_type!r}.") from exc
