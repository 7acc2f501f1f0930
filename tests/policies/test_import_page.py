"""Importing a policy document (.txt or .docx) as the new draft, or a clear message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies.models import PolicyClause, PolicyVersion
from policies.services import policy_draft, policy_draft_start
from schools.roles import Role
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.policies.conftest import OAKFIELD_POLICY
from tests.policies.test_importer import small_docx

IMPORT = reverse("policies:import", kwargs={"school_slug": "oakfield"})


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def head_client(client_for, head):
    return client_for(head)


def nothing_imported(school) -> bool:
    return (
        not PolicyVersion.objects.for_school(school).exists()
        and not PolicyClause.objects.for_school(school).exists()
    )


def test_only_the_headteacher_imports(school):
    assert_outsider_404_member_403("policies:import", school=school, roles={Role.HEADTEACHER})


def test_the_page_has_a_labelled_file_field(head_client):
    page = head_client.get(IMPORT).text

    assert 'enctype="multipart/form-data"' in page
    assert 'for="id_document"' in page
    assert 'accept=".docx,.txt"' in page


def test_a_text_document_becomes_the_draft(head_client, school, head):
    response = head_client.post(
        IMPORT, {"document": upload("policy.txt", OAKFIELD_POLICY.encode())}, follow=True
    )

    draft = policy_draft(school)
    assert draft is not None
    assert draft.created_by == head
    assert draft.clauses.get(number="1.3").text == "The headteacher's decision is final."
    assert response.redirect_chain[-1][0] == reverse(
        "policies:draft", kwargs={"school_slug": "oakfield", "version_id": draft.public_id}
    )
    assert "imported as a new draft: 3 sections, 4 numbered clauses" in response.text


def test_a_word_document_becomes_the_draft(head_client, school):
    head_client.post(IMPORT, {"document": upload("policy.docx", small_docx())})

    draft = policy_draft(school)
    assert draft is not None
    assert list(draft.clauses.exclude(number="").values_list("number", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
    ]


def test_lines_the_importer_could_not_place_are_shown_with_the_draft(head_client, school):
    text = (
        "Ash Primary School\nSocial media policy\n"
        "This policy was agreed by governors in May.\n"
        "1. Roles\n1.1. The headteacher owns it.\n"
    )

    response = head_client.post(IMPORT, {"document": upload("ash.txt", text.encode())}, follow=True)

    assert policy_draft(school).unplaced_lines == ["This policy was agreed by governors in May."]
    assert "Lines the importer could not place" in response.text
    assert "This policy was agreed by governors in May." in response.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "It looks like an image."),
        ("policy.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "It looks like a PDF"),
        ("blank.txt", b"   \n\n  ", "The file is empty."),
        ("empty.txt", b"", "The submitted file is empty."),
        (
            "repeats.txt",
            b"5. Staff\n5.1. One.\n5.2. Two.\n5.2. Three.\n",
            "Clause 5.2 (line 4) repeats clause 5.2 (line 3)",
        ),
        (
            "backwards.txt",
            b"5. Staff\n5.1. One.\n5.4. Four.\n5.3. Three.\n",
            "Clause 5.3 (line 4) comes after clause 5.4 (line 3)",
        ),
    ],
    ids=["image", "pdf", "blank", "empty", "repeated-numbers", "backwards-numbers"],
)
def test_a_file_that_cannot_be_imported_is_explained_and_nothing_saved(
    head_client, school, name, data, message
):
    response = head_client.post(IMPORT, {"document": upload(name, data)})

    assert response.status_code == 200
    assert message in response.text
    assert 'id="error_1_id_document"' in response.text
    assert nothing_imported(school)


def test_no_file_at_all_is_an_error_on_the_field(head_client, school):
    response = head_client.post(IMPORT, {})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert nothing_imported(school)


def test_a_file_over_five_megabytes_is_refused(head_client, school):
    big = b"1. Roles\n1.1. Text.\n" + b"x" * (5 * 1024 * 1024)

    response = head_client.post(IMPORT, {"document": upload("big.txt", big)})

    assert "larger than 5 MB" in response.text
    assert nothing_imported(school)


def test_an_open_draft_is_not_replaced(head_client, school, head, version_one):
    draft = policy_draft_start(school=school, by=head)

    page = head_client.get(IMPORT).text
    response = head_client.post(IMPORT, {"document": upload("p.txt", OAKFIELD_POLICY.encode())})

    assert "There is already a draft" in page
    assert response.status_code == 200
    assert "There is already a draft of the policy: publish or discard it first." in response.text
    assert policy_draft(school) == draft
    assert PolicyVersion.objects.for_school(school).count() == 2
