"""Which storage settings choose: S3 only when a bucket is named, else the private folder."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from policyportal.s3 import PrivateS3Storage
from policyportal.storage import LOCAL_BACKEND, S3_BACKEND, default_storage_config

LOCAL = Path("/srv/portal/private")


def test_no_bucket_means_the_private_folder() -> None:
    for environ in (
        {},
        {"PORTAL_S3_BUCKET": "  "},
        {"PORTAL_S3_ENDPOINT_URL": "http://minio:9000"},
    ):
        assert default_storage_config(environ, LOCAL) == {
            "BACKEND": LOCAL_BACKEND,
            "OPTIONS": {"location": LOCAL},
        }


def test_a_bucket_means_s3_with_only_the_settings_given() -> None:
    config = default_storage_config(
        {
            "PORTAL_S3_BUCKET": "school-files",
            "PORTAL_S3_ENDPOINT_URL": "https://minio.internal:9000",
            "PORTAL_S3_REGION": "eu-west-2",
            "PORTAL_S3_PREFIX": "portal",
            "PORTAL_S3_ADDRESSING_STYLE": "path",
            "PORTAL_S3_ACCESS_KEY_ID": "key-id",
            "PORTAL_S3_SECRET_ACCESS_KEY": "secret",
        },
        LOCAL,
    )

    assert config == {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": "school-files",
            "endpoint_url": "https://minio.internal:9000",
            "region_name": "eu-west-2",
            "location": "portal",
            "addressing_style": "path",
            "access_key": "key-id",
            "secret_key": "secret",
        },
    }


def test_without_portal_keys_boto3_finds_the_credentials_itself() -> None:
    config = default_storage_config(
        {"PORTAL_S3_BUCKET": "school-files", "PORTAL_S3_ACCESS_KEY_ID": ""}, LOCAL
    )

    assert config["OPTIONS"] == {"bucket_name": "school-files"}


def test_the_s3_storage_keeps_objects_private_and_has_no_url() -> None:
    storage = PrivateS3Storage(bucket_name="school-files", region_name="eu-west-2")

    assert storage.default_acl == "private"
    assert storage.file_overwrite is False
    with pytest.raises(NotImplementedError, match="no URL"):
        storage.url("incidents/evidence/a.png")


SHOW_STORAGE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
default_storage._setup()
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "storage": type(default_storage._wrapped).__name__,
    "boto3_loaded": "boto3" in sys.modules,
}))
"""


def storage_in_fresh_process(tmp_path: Path, **env: str) -> dict[str, object]:
    child = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_S3_", "AWS_")) and key != "DATABASE_URL"
    }
    child.update(
        DJANGO_SETTINGS_MODULE="policyportal.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        PORTAL_VAR_DIR=str(tmp_path),
        **env,
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", SHOW_STORAGE],
        env=child,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def test_settings_use_the_private_folder_and_do_not_load_boto3_without_a_bucket(
    tmp_path: Path,
) -> None:
    assert storage_in_fresh_process(tmp_path) == {
        "backend": LOCAL_BACKEND,
        "storage": "PrivateStorage",
        "boto3_loaded": False,
    }


def test_settings_use_the_bucket_when_one_is_named(tmp_path: Path) -> None:
    shown = storage_in_fresh_process(
        tmp_path, PORTAL_S3_BUCKET="school-files", PORTAL_S3_REGION="eu-west-2"
    )

    assert shown["backend"] == S3_BACKEND
    assert shown["storage"] == "PrivateS3Storage"


def _cursors_in_fresh_process(tmp_path: Path, **environ: str) -> bool:
    """Whether production settings turn server-side cursors off, read in a new process."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS']))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://portal@db.invalid:5432/portal",
        "PORTAL_VAR_DIR": str(tmp_path),
        **environ,
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    disabled: bool = json.loads(result.stdout)
    return disabled


def test_server_side_cursors_stay_on_unless_turned_off_for_pgbouncer(tmp_path: Path) -> None:
    assert _cursors_in_fresh_process(tmp_path) is False
    assert _cursors_in_fresh_process(tmp_path, DATABASE_SERVER_SIDE_CURSORS="off") is True
    assert _cursors_in_fresh_process(tmp_path, DATABASE_SERVER_SIDE_CURSORS="on") is False
