"""The policy importer: both seed documents, variants of their shapes, files, errors.

Pure Python: no database.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies.importer import parse_policy_docx, parse_policy_file, parse_policy_text
from policies.parsing import ParsedClause, ParsedPolicy, PolicyImportError, SectionKind

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "policies" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INTENT, SECTION, APPENDIX = SectionKind.INTENT, SectionKind.SECTION, SectionKind.APPENDIX

CHESTNUTS_SECTIONS = [
    (INTENT, "", "Statement of intent"),
    (SECTION, "1", "Key roles and responsibilities"),
    (SECTION, "2", "Definitions"),
    (SECTION, "3", "Training of staff"),
    (SECTION, "4", "Pupil expectations"),
    (SECTION, "5", "Social media use - staff"),
    (SECTION, "6", "Social media use – pupils and parents/carers"),
    (SECTION, "7", "Blocked content"),
    (SECTION, "8", "Cyber bullying"),
    (SECTION, "9", "Be SMART online"),
    (APPENDIX, "1", "Blocked content access form"),
    (APPENDIX, "2", "Inappropriate content report form"),
    (APPENDIX, "3", "Social media home school agreement forms"),
    (APPENDIX, "4", "Contact details for social networking sites"),
    (APPENDIX, "5", "Mobile phones"),
]
NORRIS_BANK_SECTIONS = [
    (INTENT, "", "Statement of intent"),
    (SECTION, "1", "Key roles and responsibilities"),
    (SECTION, "2", "The school’s e-safety team and network manager"),
    (SECTION, "3", "Definitions"),
    (SECTION, "4", "Training of staff"),
    (SECTION, "5", "Social media use - staff"),
    (SECTION, "6", "Social media use – children and parents/carers"),
    (SECTION, "7", "Blocked content"),
    (SECTION, "8", "Cyber bullying"),
    (SECTION, "9", "Sexting"),
    (SECTION, "10", "Be SMART online"),
]


def outline(policy: ParsedPolicy) -> list[tuple[SectionKind, str, str]]:
    return [(s.kind, s.number, s.heading) for s in policy.sections]


def clauses(policy: ParsedPolicy) -> dict[str, ParsedClause]:
    return {c.number: c for s in policy.sections for c in s.clauses if c.number}


def numbers(policy: ParsedPolicy) -> list[str]:
    return [c.number for s in policy.sections for c in s.clauses if c.number]


def section(policy: ParsedPolicy, kind: SectionKind, number: str):
    return next(s for s in policy.sections if s.kind == kind and s.number == number)


def everything(policy: ParsedPolicy) -> str:
    parts = [policy.title, *policy.unplaced]
    for s in policy.sections:
        parts.append(s.heading)
        for c in s.clauses:
            parts += [c.text, *c.bullets]
    return "\n".join(parts)


def import_error(text: str) -> str:
    with pytest.raises(PolicyImportError) as caught:
        parse_policy_text(text)
    return " ".join(caught.value.messages)


@pytest.fixture(scope="module")
def chestnuts() -> ParsedPolicy:
    return parse_policy_file("chestnuts.txt", (SEEDS / "chestnuts.txt").read_bytes())


@pytest.fixture(scope="module")
def norris_bank() -> ParsedPolicy:
    return parse_policy_file("norris-bank.txt", (SEEDS / "norris-bank.txt").read_bytes())


# --- Chestnuts -------------------------------------------------------------------------


def test_chestnuts_sections_in_order(chestnuts):
    assert outline(chestnuts) == CHESTNUTS_SECTIONS


def test_chestnuts_title_and_clause_count(chestnuts):
    assert chestnuts.title == "Chestnuts Primary School / Social Media use policy"
    assert chestnuts.clause_count == 57
    assert [len(section(chestnuts, SECTION, str(n)).clauses) for n in range(1, 10)] == [
        7, 3, 3, 1, 19, 9, 5, 9, 1,
    ]  # fmt: skip


def test_chestnuts_clause_texts(chestnuts):
    found = clauses(chestnuts)
    assert found["7.4"].text == (
        "Requests may be made to access erroneously blocked content by submitting a "
        '"blocked content access" form to the Headteacher.'
    )
    assert found["7.5"].text == (
        "The final decision on whether access should be granted to a site will be made "
        "by the Headteacher."
    )
    assert found["5.16"].text == (
        "If inappropriate content is accessed online, an inappropriate website content "
        "report form should be completed and passed on to Headteacher."
    )
    assert found["8.8"].text == (
        "If the material is threatening, abusive, sexist, of a sexual nature or constitutes "
        "a hate crime, the school should consider contacting the police."
    )


def test_chestnuts_continuation_across_a_blank_line_joins_its_clause(chestnuts):
    assert clauses(chestnuts)["1.5"].text.endswith(
        "ensuring pupils do so also. They will also be responsible for ensuring the policy "
        "is implemented fairly and consistently in the classroom."
    )


def test_chestnuts_numbers_run_in_order_without_gaps(chestnuts):
    per_section = [7, 3, 3, 1, 19, 9, 5, 9, 1]
    expected = [f"{s}.{c}" for s, count in enumerate(per_section, 1) for c in range(1, count + 1)]
    assert numbers(chestnuts) == expected


def test_chestnuts_bullets_belong_to_their_clause(chestnuts):
    found = clauses(chestnuts)
    assert found["2.1"].bullets[0] == "Blogs."
    assert len(found["2.1"].bullets) == 6
    assert found["7.1"].bullets[0] == "Facebook, Instagram, Snapchat, among others"
    assert found["9.1"].bullets[0].startswith("Safe – Do not give out personal information")
    assert found["7.3"].bullets == []  # "- 7.3." is a clause, not a bullet of 7.2


def test_chestnuts_markdown_bold_is_dropped(chestnuts):
    assert clauses(chestnuts)["5.6"].text.startswith('Members of staff must not "friend"')
    assert "**" not in everything(chestnuts)


def test_chestnuts_contents_block_is_not_imported(chestnuts):
    headings = [s.heading for s in chestnuts.sections]
    assert "The school blogging rules" not in headings  # only in the contents list
    assert "Appendices" not in headings
    assert section(chestnuts, SECTION, "8").heading == "Cyber bullying"  # 9 in the contents
    assert "Contents" not in everything(chestnuts)


def test_chestnuts_intent_has_its_commitments(chestnuts):
    intent = chestnuts.sections[0]
    assert [c.number for c in intent.clauses] == ["", ""]
    assert intent.clauses[1].text == "We are committed to:"
    assert len(intent.clauses[1].bullets) == 5


def test_chestnuts_appendices_keep_their_lines(chestnuts):
    form = section(chestnuts, APPENDIX, "1")
    assert [c.text for c in form.clauses][:3] == [
        "Blocked website content access request form",
        "Teacher name:",
        "Full URL:",
    ]
    assert all(c.number == "" for c in form.clauses)
    agreement = section(chestnuts, APPENDIX, "3")
    will_not = next(c for c in agreement.clauses if c.text == "I will not:")
    assert len(will_not.bullets) == 3
    phones = section(chestnuts, APPENDIX, "5")
    assert "O2\t4445 or 202\t08705 678 678\t0870 241 0202" in [c.text for c in phones.clauses]


def test_chestnuts_places_every_line(chestnuts):
    assert chestnuts.unplaced == []


# --- Norris Bank -----------------------------------------------------------------------


def test_norris_bank_sections_numbered_in_document_order(norris_bank):
    assert outline(norris_bank) == NORRIS_BANK_SECTIONS


def test_norris_bank_title_and_clause_count(norris_bank):
    assert norris_bank.title == ""  # the export starts at the statement of intent
    assert norris_bank.clause_count == 55
    assert [len(section(norris_bank, SECTION, str(n)).clauses) for n in range(1, 11)] == [
        7, 2, 3, 3, 15, 8, 3, 10, 3, 1,
    ]  # fmt: skip


def test_norris_bank_keeps_the_numbers_it_gives(norris_bank):
    found = clauses(norris_bank)
    assert found["2.1"].text.startswith("The school’s e-safety team consists of: Elena Ponsen")
    assert found["2.2"].text == (
        "The school’s network manager is Matt Codling/Stuart Dale, Stockport AVA Services"
    )
    assert found["9.1"].text.startswith("Norris Bank Primary School takes sexting very seriously.")
    assert found["9.2"].text.startswith("Norris Bank Primary School will always try to establish")
    assert found["9.3"].text.startswith(
        "Norris Bank Primary School will use the DfE’s current advice Searching, Screening"
    )


def test_norris_bank_numbers_its_bare_paragraphs(norris_bank):
    found = clauses(norris_bank)
    assert found["1.1"].text.startswith("The governing body has overall responsibility")
    assert found["6.1"].text == "Children may not access social media during the school day."
    assert found["7.3"].text == (
        "Inappropriate content which is accessed on the school computers should be reported "
        "to the E-Safety team or their class teacher, so that the site can be blocked."
    )
    assert found["8.10"].text.startswith("As part of our on-going commitment")


def test_norris_bank_definitions_list_belongs_to_its_clause(norris_bank):
    definitions = section(norris_bank, SECTION, "3")
    assert definitions.clauses[0].bullets == [
        "Blogs",
        "DOJO",
        "VLE",
        "Online discussion forums",
        "Media sharing services, such as YouTube.",
        "‘Micro-blogging’ applications, such as Twitter.",
    ]
    assert definitions.clauses[1].text.startswith("Norris Bank Primary School defines “cyber")


def test_norris_bank_smart_guidance_is_a_list(norris_bank):
    smart = section(norris_bank, SECTION, "10")
    assert smart.clauses[0].text.endswith("SMART approach to social media behaviour:")
    assert [b.split(" ")[0] for b in smart.clauses[0].bullets] == [
        "Safe", "Meeting", "Accepting", "Reliable", "Tell",
    ]  # fmt: skip


def test_norris_bank_intent_bullets(norris_bank):
    committed = norris_bank.sections[0].clauses[1]
    assert committed.text == "We are committed to:"
    assert committed.bullets[0] == (
        "Educating our students, parents and staff about the safe use of social media."
    )
    assert len(committed.bullets) == 5


def test_norris_bank_lead_in_followed_by_prose_has_no_list(norris_bank):
    blocked = section(norris_bank, SECTION, "7")
    assert blocked.clauses[0].bullets == []
    assert blocked.clauses[1].text.startswith("Attempts to circumvent")


def test_norris_bank_places_every_line(norris_bank):
    assert norris_bank.unplaced == []


@pytest.mark.parametrize("seed", ["chestnuts.txt", "norris-bank.txt"])
def test_no_bookmark_markers_survive(seed):
    policy = parse_policy_text((SEEDS / seed).read_text(encoding="utf-8"))
    assert "[bookmark:" not in everything(policy)
    assert "_Statement_of_Intent" not in everything(policy)


# --- Variants of the two shapes --------------------------------------------------------


@pytest.fixture(scope="module")
def unnumbered() -> ParsedPolicy:
    return parse_policy_text((FIXTURES / "unnumbered-variant.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def with_contents() -> ParsedPolicy:
    return parse_policy_text((FIXTURES / "contents-variant.txt").read_text(encoding="utf-8"))


def test_unnumbered_variant_outline(unnumbered):
    assert unnumbered.title == "Oakfield Primary School / Online safety policy"
    assert outline(unnumbered) == [
        (INTENT, "", "Statement of intent"),
        (SECTION, "1", "Roles"),
        (SECTION, "2", "Definitions"),
        (SECTION, "3", "Training of staff"),
        (SECTION, "4", "Reporting"),
        (SECTION, "5", "Sexting"),
        (APPENDIX, "A", "Useful contacts"),
    ]
    assert numbers(unnumbered) == ["1.1", "1.2", "2.1", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"]


def test_bookmarked_heading_ends_an_unmarked_list(unnumbered):
    definitions = section(unnumbered, SECTION, "2")
    assert definitions.clauses[0].bullets[-1] == "Video sharing services, such as YouTube."


def test_term_and_dash_lines_are_list_items_however_long(unnumbered):
    reporting = clauses(unnumbered)
    assert [b.split(" –")[0] for b in reporting["4.1"].bullets] == ["Report it", "Keep it"]
    assert reporting["4.2"].text.startswith("Pupils who see something worrying")


def test_contents_with_page_numbers_is_skipped(with_contents):
    assert with_contents.title == "Elm Primary School / Social media policy"
    assert outline(with_contents) == [
        (INTENT, "", "Statement of intent"),
        (SECTION, "1", "Roles"),
        (SECTION, "2", "Rules"),
        (APPENDIX, "1", "Request form"),
        (APPENDIX, "2", "Mobile phones"),
    ]


def test_number_alone_on_its_line_takes_the_next_line(with_contents):
    assert clauses(with_contents)["1.1"].text == "The headteacher owns this policy."


def test_lower_case_line_continues_a_bullet(with_contents):
    assert clauses(with_contents)["2.1"].bullets == [
        "Pupils report anything upsetting.",
        "Staff pass reports to the headteacher and keep a record.",
    ]


def test_paragraph_between_given_numbers_stays_unnumbered():
    policy = parse_policy_text(
        "1. Roles\n1.1. First.\nA note that belongs with the first clause.\n1.2. Second.\n"
    )
    assert [(c.number, c.text) for c in policy.sections[0].clauses] == [
        ("1.1", "First."),
        ("", "A note that belongs with the first clause."),
        ("1.2", "Second."),
    ]


def test_text_before_the_first_heading_is_unplaced():
    policy = parse_policy_text(
        "Ash Primary School\nSocial media policy\n"
        "This policy was agreed by governors in May.\n"
        "1. Roles\n1.1. The headteacher owns it.\n"
    )
    assert policy.title == "Ash Primary School / Social media policy"
    assert policy.unplaced == ["This policy was agreed by governors in May."]
    assert numbers(policy) == ["1.1"]


def test_title_line_before_prose_is_a_heading_where_headings_are_unnumbered():
    policy = parse_policy_text(
        "Ash Primary School\nKey roles and responsibilities\n"
        "The governing body is responsible for this policy.\n"
    )
    assert policy.title == "Ash Primary School"
    assert outline(policy) == [(SECTION, "1", "Key roles and responsibilities")]


def test_short_line_after_marked_bullets_is_a_heading():
    policy = parse_policy_text(
        "Roles\nWe will:\n• Teach pupils.\n• Tell parents.\nTraining\nStaff are trained yearly.\n"
    )
    assert outline(policy) == [(SECTION, "1", "Roles"), (SECTION, "2", "Training")]


def test_numbered_list_inside_a_section_is_not_a_heading():
    policy = parse_policy_text(
        "1. Roles\n2. Rules\n2.1. Pupils must:\n1. Be kind\n2. Tell an adult\n3. Training\n"
        "3.1. Staff are trained.\n"
    )
    assert [s.heading for s in policy.sections] == ["Roles", "Rules", "Training"]
    assert clauses(policy)["2.1"].bullets == ["1. Be kind", "2. Tell an adult"]


# --- Errors ----------------------------------------------------------------------------


def test_repeated_clause_number_is_rejected_naming_clause_and_line():
    message = import_error("5. Staff\n5.1. One.\n5.2. Two.\n5.2. Three.\n")
    assert "Clause 5.2 (line 4) repeats clause 5.2 (line 3)" in message


def test_backwards_clause_number_is_rejected_naming_clause_and_line():
    message = import_error("5. Staff\n5.1. One.\n5.4. Four.\n5.3. Three.\n")
    assert "Clause 5.3 (line 4) comes after clause 5.4 (line 3)" in message


def test_seed_with_a_clause_moved_back_is_rejected():
    text = (SEEDS / "chestnuts.txt").read_text(encoding="utf-8")
    text = text.replace("5.4. Teachers may use", "5.2. Teachers may use")
    message = import_error(text)
    assert "Clause 5.2 (line 95) repeats clause 5.2 (line 91)" in message


def test_clause_in_the_wrong_section_is_rejected():
    message = import_error("1. Roles\n1.1. One.\n2. Rules\n3.1. Misplaced.\n")
    assert "Clause 3.1 (line 4) is in section 2 “Rules”" in message


def test_clause_before_any_section_is_rejected():
    assert "Clause 1.1 (line 2) comes before the first section heading" in import_error(
        "Statement of intent\n1.1. Too early.\n1. Roles\n"
    )


def test_section_number_going_backwards_is_rejected():
    message = import_error("1. Roles\n1.1. One.\n2. Rules\n2.1. Two.\n1. Roles again\n")
    assert "Section 1 “Roles again” (line 5) comes after section 2" in message


def test_document_without_sections_is_rejected():
    message = import_error("Just one sentence of prose, and nothing else.\nAnd another one.\n")
    assert message.startswith("No sections were found.")


def test_repeated_appendix_is_rejected():
    assert "Appendix 2 appears more than once." in import_error(
        "1. Roles\n1.1. One.\nAppendix 2\nForm\nAppendix 2\nForm\n"
    )


# --- Files -----------------------------------------------------------------------------

SMALL_POLICY = "Oak Primary School\n\n1. Roles\n\n1.1. The headteacher’s policy – in full.\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", b"\xef\xbb\xbf  \n"])
def test_empty_file_says_so(data):
    with pytest.raises(PolicyImportError) as caught:
        parse_policy_file("policy.txt", data)
    assert caught.value.messages == ["The file is empty."]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("junk.bin", bytes(range(256)) * 4),
        ("junk.txt", b"\x13\x87\x02\xfe\x99abc\x1b\x07" * 50),
        ("policy.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ],
)
def test_non_text_file_is_refused_with_a_clear_message(name, data):
    with pytest.raises(PolicyImportError) as caught:
        parse_policy_file(name, data)
    assert caught.value.messages[0].startswith(
        "This file is not a plain-text or Word (.docx) document."
    )


def test_pdf_and_old_word_files_say_what_to_do():
    with pytest.raises(PolicyImportError, match="looks like a PDF"):
        parse_policy_file("policy.pdf", b"%PDF-1.4\n")
    with pytest.raises(PolicyImportError, match=r"save it as \.docx"):
        parse_policy_file("policy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8)


def test_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(PolicyImportError, match="not a plain-text or Word"):
        parse_policy_file("policy.odt", buffer.getvalue())


def test_damaged_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(PolicyImportError, match="could not be read"):
        parse_policy_file("policy.docx", buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [
        SMALL_POLICY.encode("utf-8"),
        b"\xef\xbb\xbf" + SMALL_POLICY.encode("utf-8"),
        SMALL_POLICY.encode("cp1252"),
        SMALL_POLICY.encode("utf-16"),
        SMALL_POLICY.replace("\n", "\r\n").encode("utf-8"),
        SMALL_POLICY.replace("\n", "\r").encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16", "crlf", "cr"],
)
def test_text_encodings_and_line_endings(data):
    policy = parse_policy_file("policy.txt", data)
    assert policy.title == "Oak Primary School"
    assert clauses(policy)["1.1"].text == "The headteacher’s policy – in full."


def test_crlf_seed_imports_like_the_original(chestnuts):
    data = (SEEDS / "chestnuts.txt").read_bytes().replace(b"\n", b"\r\n")
    assert parse_policy_file("chestnuts.txt", data) == chestnuts


# --- Word documents --------------------------------------------------------------------

EQUIVALENT_TEXT = """\
Oak Primary School
Statement of intent
Oak Primary School keeps pupils safe online.
We are committed to:
- Teaching pupils to stay safe.
- Working with parents.
1. Key roles and responsibilities
1.1. The headteacher owns this policy.
1.2. Staff follow it.
2. Definitions
2.1. Social media includes:
- Blogs
- Messaging apps
Appendix 1 – Contacts
Site\tLink
Facebook\tReport
"""


def small_docx(*, numbered_headings: bool = False) -> bytes:
    document = docx.Document()
    document.add_heading("Oak Primary School", 0)
    document.add_heading("Statement of intent", 1)
    document.add_paragraph("Oak Primary School keeps pupils safe online.")
    document.add_paragraph("We are committed to:")
    document.add_paragraph("Teaching pupils to stay safe.", style="List Bullet")
    document.add_paragraph("Working with parents.", style="List Bullet")
    prefix = "1. " if numbered_headings else ""
    document.add_heading(f"{prefix}Key roles and responsibilities", 1)
    document.add_paragraph("1.1. The headteacher owns this policy.")
    document.add_paragraph("Staff follow it.", style="List Number")  # Word numbers it
    document.add_heading("Definitions", 1)
    document.add_paragraph("2.1. Social media includes:")
    document.add_paragraph("Blogs", style="List Bullet")
    document.add_paragraph("Messaging apps", style="List Paragraph")
    document.add_heading("Appendix 1 – Contacts", 1)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Site", "Link"), ("Facebook", "Report")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("numbered_headings", [False, True])
def test_docx_imports_like_the_equivalent_text(numbered_headings):
    from_word = parse_policy_file("policy.docx", small_docx(numbered_headings=numbered_headings))
    assert from_word == parse_policy_text(EQUIVALENT_TEXT)
    assert numbers(from_word) == ["1.1", "1.2", "2.1"]


def test_docx_is_recognised_by_content_not_name():
    assert parse_policy_file("policy.txt", small_docx()) == parse_policy_docx(small_docx())


def test_docx_without_text_says_so():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(PolicyImportError, match="has no text"):
        parse_policy_file("empty.docx", buffer.getvalue())


# --- Properties ------------------------------------------------------------------------

WORDS = [
    *("pupils", "staff", "parents", "school", "media", "online", "safety", "content"),
    *("report", "blocked", "sites", "teachers", "governors", "training", "bullying"),
    *("evidence", "phones", "passwords", "accounts", "lessons"),
]
SEED_LINES = [
    line
    for seed in ("chestnuts.txt", "norris-bank.txt")
    for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines()
]


def phrase(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size).map(
        lambda words: " ".join(words).capitalize()
    )


headings = phrase(1, 5)
sentences = phrase(4, 14).map(lambda s: f"{s}.")
# Each section: a heading and its clauses, each clause a sentence and its bullets.
documents = st.lists(
    st.tuples(
        headings,
        st.lists(st.tuples(sentences, st.lists(sentences, max_size=3)), min_size=1, max_size=5),
    ),
    min_size=1,
    max_size=6,
)


def render_numbered(document, separator: str, newline: str) -> str:
    lines = ["Statement of intent", "Our school keeps pupils safe online."]
    for s, (heading, body) in enumerate(document, 1):
        lines.append(f"{s}. {heading}")
        for c, (text, bullets) in enumerate(body, 1):
            lines.append(f"{s}.{c}{separator}{text}")
            lines += [f"- {b}" for b in bullets]
    return newline.join(lines)


# Generating nested documents costs more than importing them; no deadline, since
# a loaded CI machine must not turn a slow example into a failure.
generated = settings(max_examples=50, deadline=None)
CLAUSE_LINE = re.compile(r"^(\d+\.\d+)\. ")


def expected_numbers(document) -> list[str]:
    return [f"{s}.{c}" for s, (_, body) in enumerate(document, 1) for c in range(1, len(body) + 1)]


@generated
@given(
    documents,
    st.sampled_from([". ", " ", "\t", ".  "]),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_numbered_documents_round_trip(document, separator, newline):
    policy = parse_policy_text(render_numbered(document, separator, newline))
    assert [s.heading for s in policy.sections[1:]] == [heading for heading, _ in document]
    assert numbers(policy) == expected_numbers(document)
    parsed = [(c.text, c.bullets) for s in policy.sections[1:] for c in s.clauses]
    assert parsed == [clause for _, body in document for clause in body]


@generated
@given(documents)
def test_unnumbered_documents_are_numbered_in_order(document):
    lines = []
    for heading, body in document:
        lines.append(heading)
        for text, bullets in body:
            lines.append(text)
            lines += [f"· {b}" for b in bullets]
    policy = parse_policy_text("\n".join(lines))
    assert [s.number for s in policy.sections] == [str(n) for n in range(1, len(document) + 1)]
    assert numbers(policy) == expected_numbers(document)


@generated
@given(documents, st.data())
def test_repeated_or_backward_numbers_are_always_rejected(document, data):
    lines = render_numbered(document, ". ", "\n").split("\n")
    at = [i for i, line in enumerate(lines) if CLAUSE_LINE.match(line)]
    if len(at) < 2:
        return
    later = data.draw(st.sampled_from(at[1:]))
    earlier = data.draw(st.sampled_from([i for i in at if i < later]))
    number = CLAUSE_LINE.match(lines[earlier])[1]
    lines[later] = f"{number}. Moved here."
    assert f"Clause {number} (line {later + 1})" in import_error("\n".join(lines))


def assert_numbers_go_up(policy: ParsedPolicy) -> None:
    keys = [tuple(int(p) for p in n.split(".")) for n in numbers(policy)]
    assert keys == sorted(set(keys))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SEED_LINES) | st.text(max_size=80), max_size=60))
def test_any_text_imports_or_raises_policy_import_error(lines):
    try:
        policy = parse_policy_text("\n".join(lines))
    except PolicyImportError as error:
        policy, messages = None, error.messages
    if policy is None:
        assert messages
        return
    assert "[bookmark:" not in everything(policy)
    assert_numbers_go_up(policy)


@settings(deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_import_or_raise_policy_import_error(data):
    messages = ["imported"]
    try:
        parse_policy_file("upload", data)
    except PolicyImportError as error:
        messages = error.messages
    assert messages
    assert all(messages)


@settings(max_examples=15, deadline=None)
@given(documents)
def test_word_documents_round_trip(document):
    word = docx.Document()
    for heading, body in document:
        word.add_heading(heading, 1)
        for text, bullets in body:
            word.add_paragraph(text)
            for bullet in bullets:
                word.add_paragraph(bullet, style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    policy = parse_policy_docx(buffer.getvalue())
    assert numbers(policy) == expected_numbers(document)
    assert [c.bullets for s in policy.sections for c in s.clauses] == [
        bullets for _, body in document for _, bullets in body
    ]
