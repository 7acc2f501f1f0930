"""Files in S3-compatible object storage: kept in the bucket, served only through the portal.

A real S3 API (moto's server on 127.0.0.1) stands in for the provider: the
outside world. Everything on the portal's side is its real code: the upload
form, the evidence vault, the PDF job, the download views.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from accounts.models import User
from incidents.evidence import clean_evidence
from incidents.models import EvidenceFile
from incidents.services.evidence import evidence_add, evidence_files_guard
from jobs.models import Job, JobStatus
from policyportal.s3 import PrivateS3Storage
from policyportal.storage import default_storage_config
from schools.models import School
from tests.documents.conftest import ask_for_summary, pdf_text, summary_versions  # noqa: F401
from tests.incidents.factories import incident_in
from tests.incidents.test_evidence import image_bytes

pytestmark = pytest.mark.django_db

REGION = "eu-west-2"
KEYS = {"aws_access_key_id": "portal-test", "aws_secret_access_key": "portal-test-secret"}
AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


class Bucket:
    """The bucket as the provider sees it, read with boto3 directly."""

    def __init__(self, endpoint: str, name: str) -> None:
        self.name = name
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)
        self.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        body: bytes = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        return body

    def grantees(self, key: str) -> list[dict[str, Any]]:
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return [grant["Grantee"] for grant in grants]


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any, tmp_path: Path) -> Bucket:
    """A new bucket, and the portal configured for it as the environment would configure it."""
    store = Bucket(s3_endpoint, f"portal-{uuid.uuid4().hex[:12]}")
    environ = {
        "PORTAL_S3_BUCKET": store.name,
        "PORTAL_S3_ENDPOINT_URL": s3_endpoint,
        "PORTAL_S3_REGION": REGION,
        "PORTAL_S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "PORTAL_S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_config(environ, tmp_path / "private"),
    }
    return store


@pytest.fixture
def local_folder(tmp_path: Path) -> Path:
    return tmp_path / "private"


def evidence_url(incident: Any, name: str, **kwargs: object) -> str:
    return reverse(
        f"incidents:{name}",
        kwargs={"school_slug": incident.school.slug, "incident_id": incident.public_id, **kwargs},
    )


def test_the_storage_in_use_is_the_bucket_and_gives_no_url(bucket: Bucket) -> None:
    name = default_storage.save("checks/probe.txt", ContentFile(b"kept privately"))

    assert isinstance(EvidenceFile._meta.get_field("file").storage._wrapped, PrivateS3Storage)  # type: ignore[attr-defined]
    assert bucket.keys() == [name]
    with pytest.raises(NotImplementedError, match="no URL"):
        default_storage.url(name)


def test_uploaded_evidence_goes_to_the_bucket_and_comes_back_through_its_view(
    bucket: Bucket,
    local_folder: Path,
    school: School,
    teacher: User,
    dsl: User,
    client_for: Callable[[User], Client],
) -> None:
    incident = incident_in(school, teacher)
    client = client_for(dsl)
    picture = image_bytes()

    response = client.post(
        evidence_url(incident, "evidence-add"),
        {"file": SimpleUploadedFile("chat.png", picture, content_type="image/png")},
    )

    assert response.status_code == 302
    [item] = EvidenceFile.objects.for_school(school).filter(incident=incident)
    [key] = bucket.keys()
    assert key == item.file.name
    assert key.startswith("incidents/evidence/")
    stored = bucket.read(key)
    assert item.size == len(stored)
    # Private on the provider's side too: nobody but the owner is granted anything.
    assert all(grantee.get("URI") != AllUsers for grantee in bucket.grantees(key))
    assert not local_folder.exists()

    download = client.get(evidence_url(incident, "evidence", evidence_id=item.public_id))

    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == stored  # type: ignore[attr-defined]


def test_evidence_from_a_change_that_failed_is_removed_from_the_bucket(
    bucket: Bucket, school: School, teacher: User, dsl: User
) -> None:
    incident = incident_in(school, teacher)
    scan = clean_evidence(SimpleUploadedFile("chat.png", image_bytes(), content_type="image/png"))
    seen: list[list[str]] = []

    def change_that_fails() -> None:
        with evidence_files_guard(), transaction.atomic():
            evidence_add(incident=incident, by=dsl, scan=scan)
            seen.append(bucket.keys())
            raise RuntimeError("a later step of the same change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert [len(keys) for keys in seen] == [1]
    assert bucket.keys() == []


def test_a_generated_pdf_goes_to_the_bucket_and_comes_back_through_its_view(
    bucket: Bucket,
    local_folder: Path,
    school: School,
    head: User,
    client_for: Callable[[User], Client],
    ask_for_summary: Callable[[School, User], Job],  # noqa: F811
) -> None:
    job = ask_for_summary(school, head)

    assert job.status == JobStatus.DONE, job.last_error
    [document] = summary_versions(school)
    [key] = bucket.keys()
    assert key == document.file.name
    pdf = bucket.read(key)
    assert pdf.startswith(b"%PDF")
    assert not local_folder.exists()

    url = reverse(
        "documents:download",
        kwargs={"school_slug": school.slug, "document_id": document.public_id},
    )
    download = client_for(head).get(url)

    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert content == pdf
    assert "Oakfield Primary School" in pdf_text(content)
