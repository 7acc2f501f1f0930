"""The home-school agreement: texts, translations, the roster, kiosks, links and signatures."""

from __future__ import annotations

import uuid

from agreements.models import (
    Agreement,
    AgreementSettings,
    AgreementTranslation,
    KioskSession,
    SigningLink,
)
from agreements.services.kiosk import kiosk_end
from agreements.services.links import link_cancel, link_token
from agreements.services.roster import agreement_match, child_update
from agreements.services.settings import coverage_target_set
from agreements.services.texts import agreement_round_start, agreement_translation_save
from schools.calendar import current_academic_year
from tests.agreements.factories import child_in, class_in, kiosk_in, signed_in, version_in
from tests.audit.paths import SERVICE, VIEW, Changed, World, path, written_by_load_demo
from tests.isolation.pages_texts import link_in

written_by_load_demo(
    "agreements.AgreementVersion",
    "agreements.AgreementTranslation",
    "agreements.Child",
    "agreements.KioskSession",
    "agreements.Agreement",
)
POLISH = {"language": "pl", "language_name": "Polski", "title": "Umowa", "body": "Tekst."}


# --- AgreementVersion -------------------------------------------------------------------------


@path("agreements.AgreementVersion", VIEW, "texts (start the year's round)")
def _version_view(w: World) -> Changed:
    w.post(w.head, "agreements:texts")
    year = current_academic_year(w.school).year
    return Changed(version_in(w.school, year), w.head)


@path("agreements.AgreementVersion", SERVICE, "agreement_round_start")
def _version_service(w: World) -> Changed:
    year = current_academic_year(w.school).year
    return Changed(agreement_round_start(school=w.school, by=w.head, academic_year=year), w.head)


# --- AgreementTranslation ---------------------------------------------------------------------


@path("agreements.AgreementTranslation", VIEW, "translation-add")
def _translation_view(w: World) -> Changed:
    version = version_in(w.school)
    w.start()
    w.post(w.head, "agreements:translation-add", POLISH, version_id=version.public_id)
    return Changed(AgreementTranslation.objects.for_school(w.school).get(), w.head)


@path("agreements.AgreementTranslation", SERVICE, "agreement_translation_save")
def _translation_service(w: World) -> Changed:
    version = version_in(w.school)
    w.start()
    translation = agreement_translation_save(school=w.school, by=w.head, version=version, **POLISH)
    return Changed(translation, w.head)


# --- Child ------------------------------------------------------------------------------------


@path("agreements.Child", VIEW, "roster-child")
def _child_view(w: World) -> Changed:
    child = child_in(w.school)
    w.start()
    w.submit(w.head, "agreements:roster-child", {"reference": "R1"}, child_id=child.public_id)
    return Changed(child, w.head)


@path("agreements.Child", SERVICE, "child_update")
def _child_service(w: World) -> Changed:
    child = child_in(w.school)
    w.start()
    return Changed(child_update(child=child, by=w.head, reference="R1"), w.head)


# --- KioskSession -----------------------------------------------------------------------------


@path("agreements.KioskSession", VIEW, "kiosk-start")
def _kiosk_view(w: World) -> Changed:
    w.post(w.teacher, "agreements:kiosk-start", {"event": "Parents' evening", "hours": "3"})
    return Changed(KioskSession.objects.for_school(w.school).get(), w.teacher)


@path("agreements.KioskSession", SERVICE, "kiosk_end")
def _kiosk_service(w: World) -> Changed:
    kiosk = kiosk_in(w.school, by=w.teacher)
    w.start()
    return Changed(kiosk_end(kiosk=kiosk, by=w.head), w.head)


# --- SigningLink ------------------------------------------------------------------------------


@path("agreements.SigningLink", VIEW, "links (send one)")
def _link_view(w: World) -> Changed:
    version_in(w.school)
    child = child_in(w.school)
    w.post(
        w.teacher, "agreements:links", {"child": str(child.public_id), "email": "farah@example.com"}
    )
    return Changed(SigningLink.objects.for_school(w.school).get(), w.teacher)


@path("agreements.SigningLink", SERVICE, "link_cancel")
def _link_service(w: World) -> Changed:
    link = link_in(w.school)
    w.start()
    assert link_cancel(link=link, by=w.head)
    return Changed(link, w.head)


# --- Agreement --------------------------------------------------------------------------------


@path("agreements.Agreement", VIEW, "sign (the family's link: it names who sent it)")
def _agreement_view(w: World) -> Changed:
    link = link_in(w.school)
    version = version_in(w.school)
    w.post(
        None,
        "agreements:sign",
        {
            "key": str(uuid.uuid4()),
            "language": "en",
            "version": str(version.public_id),
            "parent_name": "Farah Khan",
            "how": "typed",
            "typed_signature": "Farah Khan",
            "agree": "on",
        },
        token=link_token(link),
    )
    return Changed(Agreement.objects.for_school(w.school).get(), link.created_by)


@path("agreements.Agreement", SERVICE, "agreement_match")
def _agreement_service(w: World) -> Changed:
    agreement = signed_in(w.school, child_name="Zac Unlisted")
    child = child_in(w.school, "Zachary", "Unlisted", class_in(w.school))
    w.start()
    return Changed(agreement_match(agreement=agreement, by=w.teacher, child=child), w.teacher)


# --- AgreementSettings ------------------------------------------------------------------------


@path("agreements.AgreementSettings", VIEW, "coverage-target")
def _settings_view(w: World) -> Changed:
    w.post(w.head, "agreements:coverage-target", {"target": "50"})
    return Changed(AgreementSettings.objects.for_school(w.school).get(), w.head)


@path("agreements.AgreementSettings", SERVICE, "coverage_target_set")
def _settings_service(w: World) -> Changed:
    return Changed(coverage_target_set(school=w.school, by=w.head, target=50), w.head)
