"""The provider's video: played by the site itself, with the headers only that page needs."""

import re

import pytest
from django.urls import reverse

from tests.schemaorg import jsonld_blocks, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(provider):
    return reverse("pages:provider", kwargs={"slug": provider.slug})


def test_the_video_loads_nothing_before_play_and_nothing_from_another_site(
    client, practice, film, url
):
    html = client.get(url).content.decode()
    video = re.search(r"<video [^>]*>", html).group(0)
    assert 'preload="none"' in video and "controls" in video and "autoplay" not in video
    assert f'poster="{film.poster_url}"' in video and film.poster_url.startswith("/pictures/")
    assert f'<source src="/videos/{film.key}.mp4" type="video/mp4">' in html
    assert f'<track kind="captions" src="/videos/{film.key}.vtt" srclang="en"' in html
    assert "<iframe" not in html and "youtube" not in html.lower()
    assert "played from this website, nothing loads from a video service" in html
    assert "Read the transcript" in html and "<p>This is how a consultation goes.</p>" in html
    assert "0:01 · with sound · captions" in html


def test_only_a_page_with_a_video_may_play_media_and_go_fullscreen(client, practice, provider, url):
    plain = client.get(url)
    assert "media-src" not in plain["Content-Security-Policy"]
    assert "fullscreen=()" in plain["Permissions-Policy"]


def test_the_video_page_adds_media_from_this_site_and_nothing_else(client, practice, film, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "media-src 'self'" in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "frame-src" not in csp and "http" not in csp  # no other host, no frames
    policy = response["Permissions-Policy"]
    assert "fullscreen=(self)" in policy and "picture-in-picture=(self)" in policy
    assert "camera=()" in policy and "autoplay=()" in policy
    home = client.get(reverse("pages:home"))
    assert "media-src" not in home["Content-Security-Policy"]
    assert "fullscreen=()" in home["Permissions-Policy"]


def test_a_cached_copy_of_the_video_page_keeps_its_headers(client, practice, film, url, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pv"}
    }
    from django.core.cache import caches

    caches["default"].clear()
    first = client.get(url)
    second = client.get(url)
    assert second.content == first.content
    assert not hasattr(second, "context") or second.context is None  # served from the cache
    assert "media-src 'self'" in second["Content-Security-Policy"]
    assert "fullscreen=(self)" in second["Permissions-Policy"]
    caches["default"].clear()


def test_the_video_is_served_whole_or_in_ranges(client, film):
    data = film.file.open("rb").read()
    film.file.close()
    whole = client.get(film.url)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Length"] == str(len(data))
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert b"".join(whole.streaming_content) == data

    part = client.get(film.url, HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert part["Content-Length"] == "1000"
    assert b"".join(part.streaming_content) == data[100:1100]

    tail = client.get(film.url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == data[-10:]

    beyond = client.get(film.url, HTTP_RANGE=f"bytes={len(data)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(data)}"

    head = client.head(film.url, HTTP_RANGE="bytes=0-9")
    assert head.status_code == 206 and head["Content-Length"] == "10"
    assert client.post(film.url).status_code == 405
    assert client.get(f"/videos/{'0' * 32}.mp4").status_code == 404


def test_captions_are_served_as_webvtt(client, film):
    response = client.get(film.captions_url)
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(response.streaming_content).startswith(b"WEBVTT")


def test_media_files_missing_on_disk_answer_404_not_500(client, film):
    # A row whose file went (a restore without media, a disk cleaned by hand).
    for field in (film.file, film.captions):
        field.storage.delete(field.name)
    assert client.get(film.url).status_code == 404
    assert client.get(film.captions_url).status_code == 404


def test_the_video_is_described_as_a_video_object(client, practice, film, url):
    (document,) = jsonld_blocks(client.get(url).content.decode())
    assert validate(document) == []
    nodes = {node["@type"]: node for node in document["@graph"]}
    video = nodes["VideoObject"]
    assert video["contentUrl"] == f"http://127.0.0.1:8000/videos/{film.key}.mp4"
    assert video["thumbnailUrl"].startswith("http://127.0.0.1:8000/pictures/")
    assert video["duration"] == "PT1S"
    assert video["encodingFormat"] == "video/mp4"
    assert video["uploadDate"] == film.uploaded_at.isoformat(timespec="seconds")
    assert video["transcript"].startswith("Hello, I am Dr. Roe.")
    assert nodes["IndividualPhysician"]["subjectOf"] == {"@id": video["@id"]}
