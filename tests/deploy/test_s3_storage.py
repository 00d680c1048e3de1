"""Media in a private S3-compatible bucket (django-storages), against moto's real S3 server.

The site talks to the bucket over HTTP with boto3 exactly as it would to AWS, MinIO or any
S3-compatible service: nothing here replaces a Python object with a fake.
"""

import io
import json
import secrets
import tarfile
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from gallery import services
from gallery.models import Case, PhotoConsent, PhotoPair, Rendition
from tests.gallery import images

# The bucket holds the media whichever database the site uses: one pass runs these.
pytestmark = [pytest.mark.deploy, pytest.mark.django_db, pytest.mark.same_on_any_database]


@pytest.fixture
def bucket(moto, settings, monkeypatch):
    """The site's default storage switched to a new private bucket, as the settings do it."""
    name = f"practice-media-{secrets.token_hex(4)}"
    moto.new_bucket(name)
    for variable, value in moto.CREDENTIALS.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": moto.endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 30,
            },
        },
    }
    return name


def public_case():
    case = Case.objects.create(title="Bucket case", description="What changed.", is_published=True)
    PhotoConsent.objects.create(case=case, signed_on="2024-05-02")
    pair = PhotoPair.objects.create(
        case=case,
        label="At rest",
        before=services.upload_photo(images.upload("before.jpg", images.jpeg())),
        after=services.upload_photo(images.upload("after.png", images.png(), "image/png")),
        before_alt="Before.",
        after_alt="After.",
    )
    return case, pair


def test_the_settings_switch_to_the_bucket_from_the_usual_variables(monkeypatch):
    """AWS_STORAGE_BUCKET_NAME and friends, read by practice_site/settings/base.py."""
    import subprocess
    import sys

    from tests.practice_site.test_settings import PROD_ENV, ROOT

    code = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            **PROD_ENV,
            "AWS_STORAGE_BUCKET_NAME": "practice-photos",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
            "AWS_S3_REGION_NAME": "eu-west-3",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "practice-photos"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert storage["OPTIONS"]["region_name"] == "eu-west-3"
    assert storage["OPTIONS"]["default_acl"] is None  # objects as private as the bucket
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_photos_live_only_in_the_private_bucket_and_are_streamed_after_the_consent_check(
    bucket, moto, client, settings
):
    case, pair = public_case()
    files = sorted(Rendition.objects.values_list("file", flat=True))
    assert files and moto.keys(bucket) == files
    assert not (settings.MEDIA_ROOT).exists()  # nothing written to the local disk

    # Nobody reaches an object without the site: the bucket answers 403 to a plain request.
    name = pair.before.default_rendition.file.name
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{moto.endpoint}/{bucket}/{name}", timeout=10)
    assert refused.value.code == 403
    grants = moto.client().get_object_acl(Bucket=bucket, Key=name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only

    # The site streams it from the bucket: same bytes, from the site's own address.
    url = pair.before.default_rendition.url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    stored = moto.client().get_object(Bucket=bucket, Key=name)["Body"].read()
    assert b"".join(response.streaming_content) == stored

    # Revoked: the same URL is a 404 at once, although the object is still in the bucket.
    services.record_consent_revocation([case])
    assert client.get(url).status_code == 404
    assert name in moto.keys(bucket)


def test_deleting_a_case_removes_its_objects_from_the_bucket(
    bucket, moto, django_capture_on_commit_callbacks
):
    case, _ = public_case()
    other, _ = public_case()
    kept = sorted(
        Rendition.objects.filter(photo__pair_before__case=other).values_list("file", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        case.delete()
    remaining = moto.keys(bucket)
    assert set(kept) <= set(remaining)
    assert remaining == sorted(Rendition.objects.values_list("file", flat=True))


def test_unused_files_are_found_and_deleted_in_the_bucket(bucket, moto):
    _, pair = public_case()
    left = default_storage.save("gallery/ab/abcdef-640.webp", ContentFile(b"RIFF left behind"))
    assert services.orphaned_files(older_than=timedelta(hours=1)) == []  # too young
    assert services.orphaned_files(older_than=timedelta(0)) == [left]
    out = io.StringIO()
    # The command's own age limit spares the young file; the service deletes it when told.
    call_command("clean_gallery_files", stdout=out)
    assert "Deleted 0" in out.getvalue()
    assert services.delete_orphaned_files(older_than=timedelta(0)) == [left]
    assert left not in moto.keys(bucket)
    assert pair.before.default_rendition.file.name in moto.keys(bucket)


def test_health_check_writes_to_the_bucket(bucket, moto, client, settings):
    response = client.get("/healthz?checks=media")
    assert response.status_code == 200
    assert moto.keys(bucket) == []  # the probe was deleted again
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = "no-such-bucket-here"
    settings.STORAGES = {**settings.STORAGES}  # tell Django the storage changed
    response = client.get("/healthz?checks=media")
    assert response.status_code == 503
    assert b"no-such-bucket" not in response.content


def test_backup_reads_the_photos_from_the_bucket(bucket, moto, tmp_path):
    public_case()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), unencrypted=True, stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        media = {
            m.name.removeprefix("media/"): tar.extractfile(m).read()
            for m in tar.getmembers()
            if m.name.startswith("media/")
        }
    assert sorted(media) == moto.keys(bucket)
    for name, data in media.items():
        assert data == moto.client().get_object(Bucket=bucket, Key=name)["Body"].read()


def test_admin_upload_goes_to_the_bucket(bucket, moto, admin_client):
    from procedures.models import Procedure, ProcedureGroup
    from tests.gallery.test_admin import case_form  # the admin form as staff send it

    group = ProcedureGroup.objects.create(title="G", slug="g", summary="s")
    smile = Procedure.objects.create(
        group=group, slug="smile", title="Smile", summary="s", status="published"
    )
    response = admin_client.post(reverse("admin:gallery_case_add"), case_form({"smile": smile}))
    assert response.status_code == 302
    assert moto.keys(bucket) == sorted(Rendition.objects.values_list("file", flat=True))
