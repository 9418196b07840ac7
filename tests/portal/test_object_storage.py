"""Object storage (the optional extra ``s3``): the S3_* variables select django-storages for the
public media and the private files; files go to and come back from a local S3-compatible server
(moto's server mode on 127.0.0.1), a private file's URL is signed, and a permission-checked view
streams a private file out of the bucket."""

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from moto import server as moto_server

from portal.storage import private_storage

ROOT = Path(__file__).resolve().parents[2]
KEY_ID, SECRET = "portal-test-key", "portal-test-secret"
PDF = b"%PDF-1.4\n% \xd0\xbf\xd0\xbe\xd1\x80\xd1\x82\xd0\xb0\xd0\xbb\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its buckets in the process: start from none, whatever ran before.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name="ru-central1",
    )
    for bucket in ("portal-media", "portal-private"):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ru-central1"}
        )
    yield endpoint, client
    server.stop()


def settings_from_environment(extra: dict) -> dict:
    """STORAGES and the CSP img-src that portal/settings.py builds from these variables."""
    probe = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({'STORAGES': settings.STORAGES, "
        "'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "DJANGO_FILE_STORAGE", "DJANGO_PRIVATE_FILE_STORAGE"))
    }
    env.update({"DJANGO_ENV": "test", "DJANGO_SETTINGS_MODULE": "portal.settings", **extra})
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def s3_settings(settings, s3_endpoint):
    endpoint, _ = s3_endpoint
    built = settings_from_environment(
        {
            "S3_MEDIA_BUCKET": "portal-media",
            "S3_PRIVATE_BUCKET": "portal-private",
            "S3_ENDPOINT_URL": endpoint,
            "S3_ACCESS_KEY_ID": KEY_ID,
            "S3_SECRET_ACCESS_KEY": SECRET,
            "S3_REGION": "ru-central1",
            "S3_PRIVATE_URL_EXPIRE": "120",
        }
    )
    settings.STORAGES = built["STORAGES"]
    return built


def test_without_the_variables_files_stay_on_disk():
    built = settings_from_environment({})
    assert built["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["STORAGES"]["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["img_src"] == ["'self'", "data:"]


def test_variables_select_s3_for_both_halves(s3_settings, s3_endpoint):
    endpoint, _ = s3_endpoint
    media, private = s3_settings["STORAGES"]["default"], s3_settings["STORAGES"]["private"]
    assert media["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "portal-media"
    assert media["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["bucket_name"] == "portal-private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 120
    assert private["OPTIONS"]["endpoint_url"] == endpoint
    # Photos of news load from the bucket: the CSP lets the browser fetch them.
    assert endpoint in s3_settings["img_src"]


def test_custom_domain_serves_public_media(s3_endpoint):
    endpoint, _ = s3_endpoint
    built = settings_from_environment(
        {
            "S3_MEDIA_BUCKET": "portal-media",
            "S3_ENDPOINT_URL": endpoint,
            "S3_MEDIA_CUSTOM_DOMAIN": "media.portal.example.ru",
        }
    )
    assert built["STORAGES"]["default"]["OPTIONS"]["custom_domain"] == "media.portal.example.ru"
    # The private half stays on disk when only the media bucket is given.
    assert built["STORAGES"]["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["img_src"] == ["'self'", "data:", "https://media.portal.example.ru"]


def test_public_media_round_trip_with_a_plain_url(s3_settings, s3_endpoint):
    _, client = s3_endpoint
    name = default_storage.save("publications/1/photo.jpg", ContentFile(b"\xff\xd8\xff jpeg"))
    assert client.get_object(Bucket="portal-media", Key=name)["Body"].read() == b"\xff\xd8\xff jpeg"
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == b"\xff\xd8\xff jpeg"
    url = default_storage.url(name)
    assert "X-Amz-Signature" not in url
    assert urlsplit(url).path.endswith(f"/portal-media/{name}")
    # A second upload under the same name never replaces the first.
    assert default_storage.save("publications/1/photo.jpg", ContentFile(b"other")) != name


@pytest.mark.django_db
def test_private_file_through_a_model_and_a_view(s3_settings, s3_endpoint):
    from documents.models import Document

    _, client = s3_endpoint
    document = Document(title="Положение о конкурсе", kind=Document.Kind.TEMPLATE, is_public=True)
    document.original_name = "Положение.pdf"
    document.file.save("polozhenie.pdf", ContentFile(PDF), save=True)
    document.refresh_from_db()

    stored = client.get_object(Bucket="portal-private", Key=document.file.name)
    assert stored["Body"].read() == PDF
    assert private_storage().exists(document.file.name)

    # A signed URL that expires: the bucket itself is never public.
    url = document.file.url
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["120"]
    assert query["X-Amz-Signature"][0]
    assert urlsplit(url).hostname == "127.0.0.1"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == PDF

    # The portal's own permission-checked view streams it out of the bucket.
    response = Client().get(f"/documents/{document.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_news_photo_moves_from_the_private_bucket_to_the_media_bucket(
    s3_settings, s3_endpoint, world, django_capture_on_commit_callbacks
):
    """A photo of a news on moderation is in the private bucket; approved, in the media bucket
    under the same key (a plain URL), and no longer in the private one."""
    from portal.storage import SplitStorage
    from publications import services
    from publications.models import PublicationPhoto
    from tests.publications.factories import publication_in_state, upload

    _, client = s3_endpoint
    publication = publication_in_state(
        "submitted", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        saved, _errors = services.publication_add_photos(
            user=world.staff, publication=publication, files=[upload()]
        )
    photo = PublicationPhoto.objects.get(pk=saved[0].pk)
    keys = [SplitStorage.public_name(file.name) for file in photo.files]
    assert len(keys) == 3 and all(file.name.startswith("private/") for file in photo.files)
    for key in keys:
        client.head_object(Bucket="portal-private", Key=key)
    assert photo.web.url.startswith("/news/photos/")

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_approve(user=world.staff, publication=publication)
    photo.refresh_from_db()
    assert [file.name for file in photo.files] == keys
    for key in keys:
        client.head_object(Bucket="portal-media", Key=key)
        with pytest.raises(client.exceptions.ClientError):
            client.head_object(Bucket="portal-private", Key=key)
    assert "X-Amz-Signature" not in photo.web.url
    assert urlsplit(photo.web.url).path.endswith(f"/portal-media/{keys[2]}")
