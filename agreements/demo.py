"""Chestnuts' home-school agreements, part-way through this year's round (PRODUCT.md §6).

A roster for each class, this year's text (Appendix 3) with a Polish
translation, and one parents' evening that is over: about half the families
signed at the kiosk, most by drawing, a few by typing their name, one with a
second carer, one in Polish; two signatures name a child the roster does not
match, for the review list. Every name is fictional.

Everything goes through the services. Loading again changes nothing: the roster
import finds its children, and each signature has a fixed idempotency key.
The PDFs wait for the outbox sweep and no email is sent, as in forms_app.demo.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from agreements.access import MODULE
from agreements.models import AgreementVersion, Child, KioskSession, Method
from agreements.roster import RosterRow
from agreements.services.roster import roster_import
from agreements.services.signing import Signer, agreement_sign
from agreements.services.texts import agreement_round_start, agreement_translation_save
from forms_app.demo import demo_jobs_quiet
from schools.calendar import current_academic_year
from schools.models import School, SchoolClass
from schools.records import save_as

EVENT = "Parents' evening, autumn term"
PER_CLASS = 9
# The demo's signatures' idempotency keys: the same on every load.
_KEYS = uuid.UUID("6f1d2c1e-8a57-4c0b-9d0e-3c4a1b2f7a10")

FIRST_NAMES = (
    "Amira", "Zoë", "Oisín", "Maja", "Kwame", "Chloé", "Idris", "Łucja", "Theo", "Anaïs",
    "Rohan", "Siobhán", "Mateus", "Freya", "Yusuf", "Inés", "Jakub", "Noémie", "Ezra",
    "Aoife", "Kofi", "Leïla", "Rafael", "Hana", "Dawid", "Elif", "Tomás", "Priya", "Björn",
)  # fmt: skip
LAST_NAMES = (
    "Khan", "Nowak", "Ó Briain", "Okafor", "Müller", "Patel", "García", "Hughes",
    "Begum", "Kowalski", "Lefèvre", "Mensah", "Davies", "Şahin", "Clarke", "Nguyen",
    "Wiśniewska", "Evans", "Costa", "Ahmed", "Brennan",
)  # fmt: skip
PARENT_NAMES = (
    "Farah", "Piotr", "Gráinne", "Ngozi", "Karin", "Sunita", "Lucía", "Gareth", "Ruksana",
    "Agnieszka", "Hélène", "Ama", "Rhian", "Emre", "Joanne", "Linh", "Marta", "Owain",
)  # fmt: skip

POLISH_TITLE = "Korzystanie z internetu: umowa dla rodziców i opiekunów"
POLISH_BODY = """\
Kanały internetowe są dla rodziców i opiekunów ważnym sposobem kontaktu ze szkołą i rozmowy o niej.

Szkoła korzysta z następujących kanałów:

- Nasza oficjalna strona na Facebooku
- Grupy e-mailowe i SMS-owe dla rodziców (ogłoszenia i informacje szkolne)
- Nasza wirtualna platforma edukacyjna

Rodzice i opiekunowie zakładają też własne kanały, aby wiedzieć, co dzieje się w klasie ich \
dziecka, na przykład klasowe grupy na Facebooku, grupy e-mailowe lub czaty (w aplikacjach \
takich jak WhatsApp).

Kontaktując się ze szkołą przez oficjalne kanały albo rozmawiając o szkole w prywatnych lub \
niezależnych kanałach, będę:

- Zawsze odnosić się z szacunkiem do pracowników szkoły i do samej szkoły
- Odnosić się z szacunkiem do innych rodziców, opiekunów i dzieci
- Kierować skargi i obawy oficjalnymi kanałami szkoły, aby można je było rozpatrzyć zgodnie \
ze szkolną procedurą skargową

Nie będę:

- Używać prywatnych grup, szkolnej strony na Facebooku ani własnych mediów społecznościowych, \
aby skarżyć się na pracowników szkoły lub ich krytykować. Nie jest to konstruktywne, a szkoła \
nie może zająć się problemem, który nie został zgłoszony we właściwy sposób
- Używać prywatnych grup, szkolnej strony na Facebooku ani własnych mediów społecznościowych, \
aby skarżyć się na zachowanie innych uczniów lub próbować taki problem rozwiązać. Jeśli wiem o \
konkretnym problemie z zachowaniem lub zdarzeniu, skontaktuję się ze szkołą i porozmawiam z \
właściwym pracownikiem
- Publikować ani udostępniać w mediach społecznościowych zdjęć lub filmów z dziećmi innymi niż \
moje własne, chyba że mam zgodę ich rodziców lub opiekunów
"""

# Two signatures the roster does not match: a short name, and a child not on it.
UNMATCHED = (
    ("Ro Kowalski", "Year 1", "Agnieszka Kowalska"),
    ("Ellie-May Hart", "Year 4", "Dean Hart"),
)


@dataclass(frozen=True)
class DemoChild:
    first_name: str
    last_name: str
    school_class: SchoolClass
    date_of_birth: datetime.date
    reference: str


def load_agreements(school: School, people: dict[str, User]) -> None:
    """The roster, this year's text and an evening's signatures (module on only). Idempotent."""
    if not school.has_module(MODULE):
        return
    year = current_academic_year(school).year
    head, teacher = people["head"], people["teacher"]
    with demo_jobs_quiet(school):
        children = _roster(school, head, year)
        version = agreement_round_start(school=school, by=head, academic_year=year)
        _polish(school, head, version)
        _evening(school, teacher, version, children)


def demo_children(school: School, year: int) -> list[DemoChild]:
    """About nine children in each class, with different names in each."""
    classes = SchoolClass.objects.for_school(school).filter(is_active=True)
    found: list[DemoChild] = []
    for class_index, school_class in enumerate(classes.order_by("year_group", "name")):
        for place in range(PER_CLASS - class_index % 2):
            n = class_index * PER_CLASS + place
            month = n % 12 + 1
            born = year - 4 - school_class.year_group - (1 if month >= 9 else 0)
            found.append(
                DemoChild(
                    first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[(n * 5 + class_index) % len(LAST_NAMES)],
                    school_class=school_class,
                    date_of_birth=datetime.date(born, month, n % 28 + 1),
                    reference=f"CH{1000 + n}",
                )
            )
    return found


def _roster(school: School, head: User, year: int) -> list[Child]:
    wanted = demo_children(school, year)
    rows = [
        RosterRow(n, c.first_name, c.last_name, c.school_class, c.date_of_birth, c.reference)
        for n, c in enumerate(wanted, start=2)
    ]
    roster_import(school=school, by=head, rows=rows, whole_school=False, year=year)
    references = [c.reference for c in wanted]
    children = Child.objects.for_school(school).filter(reference__in=references)
    by_reference = {child.reference: child for child in children.select_related("school_class")}
    return [by_reference[reference] for reference in references]


def _polish(school: School, head: User, version: AgreementVersion) -> None:
    if version.translations.filter(language="pl").exists():
        return
    agreement_translation_save(
        school=school,
        by=head,
        version=version,
        language="pl",
        language_name="Polski",
        title=POLISH_TITLE,
        body=POLISH_BODY,
    )


def _kiosk(school: School, teacher: User) -> KioskSession:
    existing = KioskSession.objects.for_school(school).filter(event=EVENT).first()
    if existing is not None:
        return existing
    kiosk = KioskSession(
        school=school,
        event=EVENT,
        started_by=teacher,
        expires_at=timezone.now() + datetime.timedelta(hours=3),
    )
    save_as(kiosk, teacher)
    return kiosk


def drawn_signature(seed: int) -> str:
    """A made-up signature as the pad draws it: a looping stroke and an underline."""
    points = []
    for step in range(12):
        x = 40 + step * 38 + seed % 7
        y = 110 + (((step * 37 + seed * 11) % 70) - 35) * (1 if step % 2 else -1)
        points.append(f"{x} {y}")
    underline = f"M 60 {170 + seed % 9} L {420 + seed % 50} {168 + seed % 5}"
    return "M " + " L ".join(points) + " " + underline


def _evening(
    school: School, teacher: User, version: AgreementVersion, children: list[Child]
) -> None:
    kiosk = _kiosk(school, teacher)
    # About half the families have signed so far.
    signing = [(n, child) for n, child in enumerate(children) if n % 2 == 0]
    # One family reads and signs the Polish text.
    polish = next((n for n, child in signing if child.last_name == "Nowak"), None)
    for n, child in signing:
        parent = f"{PARENT_NAMES[n % len(PARENT_NAMES)]} {child.last_name}"
        typed = n % 10 == 4
        signer = Signer(
            parent_name=parent,
            child_name=child.full_name,
            school_class=child.school_class,
            signature_kind="typed" if typed else "drawn",
            signature=parent if typed else drawn_signature(n),
            second_carer_name="Jordan " + child.last_name if n == 6 else "",
            second_signature_kind="drawn" if n == 6 else "",
            second_signature=drawn_signature(n + 1) if n == 6 else "",
            language="pl" if n == polish else "en",
        )
        _sign(school, n, version, signer, kiosk, teacher)
    classes = {c.name: c for c in SchoolClass.objects.for_school(school)}
    for m, (child_name, class_name, parent) in enumerate(UNMATCHED, start=1000):
        school_class = classes.get(class_name)
        if school_class is None:
            continue
        signer = Signer(
            parent_name=parent,
            child_name=child_name,
            school_class=school_class,
            signature_kind="drawn",
            signature=drawn_signature(m),
        )
        _sign(school, m, version, signer, kiosk, teacher)
    if kiosk.ended_at is None:
        kiosk.ended_at = timezone.now()
        kiosk.ended_by = teacher
        save_as(kiosk, teacher, fields=["ended_at", "ended_by"])


def _sign(
    school: School,
    n: int,
    version: AgreementVersion,
    signer: Signer,
    kiosk: KioskSession,
    teacher: User,
) -> None:
    agreement_sign(
        school=school,
        key=uuid.uuid5(_KEYS, f"{school.slug}:{n}"),
        version=version,
        signer=signer,
        method=Method.KIOSK,
        kiosk=kiosk,
        recorded_by=teacher,
    )
