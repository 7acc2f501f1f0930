"""The agreement text: one round per academic year, new versions, translations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from agreements.models import DEFAULT_TITLE, ENGLISH, AgreementTranslation, AgreementVersion
from agreements.text import default_body, normalise
from schools.calendar import current_academic_year
from schools.models import School
from schools.records import save_as


def current_version(school: School, year: int | None = None) -> AgreementVersion | None:
    """The text families sign now: the newest version of the (current) academic year."""
    year = current_academic_year(school).year if year is None else year
    return AgreementVersion.objects.for_school(school).filter(academic_year=year).first()


@dataclass(frozen=True)
class YearTexts:
    """A year's text as links and signing need it: the version in force and the newest
    one families must have signed (or a later one)."""

    current: AgreementVersion | None
    material: AgreementVersion | None


def year_texts(school: School, year: int) -> YearTexts:
    """``current_version`` and ``last_material_version`` of ``year``, in one query."""
    versions = list(
        AgreementVersion.objects.for_school(school).filter(academic_year=year).order_by("-number")
    )
    return YearTexts(
        current=versions[0] if versions else None,
        material=next((version for version in versions if version.material), None),
    )


def version_languages(version: AgreementVersion) -> list[tuple[str, str]]:
    """What a family may sign ``version`` in: English, then its translations, as (code, name)."""
    translated = version.translations.order_by("language_name").values_list(
        "language", "language_name"
    )
    return [(ENGLISH, "English"), *translated]


def last_material_version(school: School, year: int) -> AgreementVersion | None:
    """The newest version of ``year`` that families must have signed (or a later one)."""
    return (
        AgreementVersion.objects.for_school(school)
        .filter(academic_year=year, material=True)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def agreement_version_create(
    *,
    school: School,
    by: User | None,
    academic_year: int,
    body: str,
    title: str = DEFAULT_TITLE,
    material: bool = True,
    change_note: str = "",
) -> AgreementVersion:
    """A new version of ``academic_year``'s text. The first of a year is always material."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    latest = AgreementVersion.objects.for_school(school).filter(academic_year=academic_year).first()
    version = AgreementVersion(
        school=school,
        academic_year=academic_year,
        number=(latest.number + 1) if latest else 1,
        title=title.strip(),
        body=normalise(body),
        material=material or latest is None,
        change_note=change_note.strip(),
        created_by=by,
    )
    save_as(version, by)
    return version


def agreement_round_start(
    *, school: School, by: User | None, academic_year: int
) -> AgreementVersion:
    """The year's first version: last year's newest text, or Appendix 3 for a first round."""
    existing = current_version(school, academic_year)
    if existing is not None:
        return existing
    previous = (
        AgreementVersion.objects.for_school(school).filter(academic_year__lt=academic_year).first()
    )
    return agreement_version_create(
        school=school,
        by=by,
        academic_year=academic_year,
        title=previous.title if previous else DEFAULT_TITLE,
        body=previous.body if previous else default_body(),
        change_note="" if previous else "Appendix 3 of the policy.",
    )


@transaction.atomic
def agreement_translation_save(
    *,
    school: School,
    by: User | None,
    version: AgreementVersion,
    language: str,
    language_name: str,
    title: str,
    body: str,
) -> AgreementTranslation:
    """Add or replace ``version``'s text in ``language`` (not English: the version's own)."""
    language = language.strip().lower()
    if language == ENGLISH:
        raise ValueError("English is the version's own text.")
    translation = (
        AgreementTranslation.objects.for_school(school)
        .filter(version=version, language=language)
        .first()
    ) or AgreementTranslation(school=school, version=version, language=language)
    translation.language_name = language_name.strip()
    translation.title = title.strip()
    translation.body = normalise(body)
    translation.added_by = by
    save_as(translation, by)
    return translation
