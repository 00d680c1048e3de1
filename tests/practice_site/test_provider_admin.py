"""Staff edit providers in the admin: name, portrait through the photo pipeline, credentials as
ordered rows per kind, and a video the site serves itself."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from practice_site.models import Credential, Picture, Provider, ProviderVideo
from tests.gallery import images

pytestmark = pytest.mark.django_db

ADD = reverse("admin:practice_site_provider_add")
VIDEO = Path(__file__).resolve().parents[1] / "fixtures" / "video" / "sound-and-metadata.mp4"
SRT = b"1\n00:00:00,000 --> 00:00:01,000\nHello.\n"


def empty_inlines(html):
    """Management forms of every inline on the page, with no rows."""
    data = {}
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', html):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def prefix_of(html, label):
    """The formset prefix of the inline whose heading starts with `label`."""
    for match in re.finditer(
        r'<fieldset class="module[^"]*"[^>]*aria-labelledby="([\w-]+)-heading"', html
    ):
        heading = re.search(rf'id="{match.group(1)}-heading"[^>]*>(.*?)</h2>', html, re.S)
        if heading and re.sub(r"<[^>]+>", "", heading.group(1)).strip().startswith(label):
            return match.group(1)
    raise AssertionError(f"no inline headed {label!r}")


def provider_form(admin_client, **overrides):
    html = admin_client.get(ADD).content.decode()
    data = {
        **empty_inlines(html),
        "given_name": "Jane",
        "family_name": "Roe",
        "post_nominals": "MD, FACS",
        "slug": "jane-roe",
        "specialty": "Facial plastic surgeon",
        "medical_specialty": "PlasticSurgery",
        "short_bio": "Dr. Roe restores movement to paralysed faces.",
        "long_bio": "She trained in head and neck surgery.",
        "languages": "English",
        "portrait_upload": images.upload("jane-roe-at-home.jpg", images.tainted_jpeg()),
        "portrait_alt": "Dr. Roe in a white coat",
        "is_published": "on",
        "order": "0",
    }
    data.update(overrides)
    return html, data


def test_adding_a_provider_stores_a_clean_portrait_at_every_width(admin_client, settings):
    html, data = provider_form(admin_client)
    board = prefix_of(html, "Board certification")
    papers = prefix_of(html, "Selected publications")
    data |= {
        f"{board}-TOTAL_FORMS": "2",
        f"{board}-0-title": "Plastic surgery",
        f"{board}-0-detail": "A certifying board",
        f"{board}-0-year": "2010",
        f"{board}-0-order": "2",
        f"{board}-1-title": "Otolaryngology",
        f"{board}-1-detail": "Another board",
        f"{board}-1-order": "1",
        f"{papers}-TOTAL_FORMS": "1",
        f"{papers}-0-title": "A paper",
        f"{papers}-0-url": "example.org/paper",  # typed without https://
        f"{papers}-0-order": "0",
    }
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    provider = Provider.objects.get()
    assert provider.display_name == "Jane Roe, MD, FACS"
    boards = provider.credentials.filter(kind=Credential.Kind.BOARD)
    assert [c.title for c in boards] == ["Otolaryngology", "Plastic surgery"]  # by order
    paper = provider.credentials.get(kind=Credential.Kind.PUBLICATION)
    assert paper.url == "https://example.org/paper"

    renditions = provider.portrait.sorted_renditions
    # The pipeline's widths up to the photo's own (900 once upright), plus two smaller ones.
    assert [r.width for r in renditions] == [160, 240, 320, 480, 640, 900]
    assert len(images.stored_files(settings)) == len(renditions)  # renditions, not the upload
    for rendition in renditions:
        assert "jane" not in rendition.file.name and "home" not in rendition.file.name
        with rendition.file.open("rb") as handle:
            raw = handle.read()
        for secret in (b"Jane", b"Doe", b"Canon", b"EOS R5", b"xmpmeta", b"sRGB"):
            assert secret.lower() not in raw.lower(), (secret, rendition.width)
        stored = Image.open(io.BytesIO(raw))
        assert stored.format == "WEBP" and not stored.getexif()
        assert (stored.width, stored.height) == (rendition.width, rendition.height)
        assert images.is_upright_picture(stored)  # stored sideways with Orientation=6


def test_a_portrait_without_a_description_stores_nothing(admin_client, settings):
    _, data = provider_form(admin_client, portrait_alt="")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "Describe the portrait" in response.content.decode()
    assert not Provider.objects.exists() and not Picture.objects.exists()
    assert images.stored_files(settings) == []


def test_a_refused_portrait_is_a_form_error(admin_client):
    _, data = provider_form(
        admin_client,
        portrait_upload=SimpleUploadedFile("portrait.png", images.gif(), content_type="image/png"),
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "GIF" in response.content.decode()
    assert not Provider.objects.exists()


def test_a_title_in_the_name_field_is_refused_with_advice(admin_client):
    _, data = provider_form(admin_client, given_name="Dr. Jane")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "without a title such as" in response.content.decode()
    assert not Provider.objects.exists()


def video_rows(prefix, **fields):
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-upload": SimpleUploadedFile("interview.mp4", VIDEO.read_bytes()),
        f"{prefix}-0-poster_upload": images.upload("poster.png", images.png(), "image/png"),
        f"{prefix}-0-title": "Meet Dr. Roe",
        f"{prefix}-0-description": "Dr. Roe explains how a consultation goes.",
        f"{prefix}-0-transcript": "Hello.",
        **{f"{prefix}-0-{k}": v for k, v in fields.items()},
    }


def test_a_video_with_sound_needs_captions(admin_client, settings):
    html, data = provider_form(admin_client)
    data |= video_rows(prefix_of(html, "Video"))
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "This video has sound: add a captions file" in response.content.decode()
    assert not ProviderVideo.objects.exists()


def test_a_video_is_stored_clean_with_its_poster_and_captions(
    admin_client, settings, django_capture_on_commit_callbacks
):
    html, data = provider_form(admin_client)
    prefix = prefix_of(html, "Video")
    data |= video_rows(prefix, captions_upload=SimpleUploadedFile("interview.srt", SRT))
    response = admin_client.post(ADD, data)
    assert response.status_code == 302

    film = ProviderVideo.objects.get()
    assert (film.width, film.height, film.has_sound) == (160, 90, True)
    assert film.file.name == f"videos/{film.key}.mp4"
    with film.file.open("rb") as handle:
        stored = handle.read()
    assert b"Jane Doe" not in stored and b"34.1478" not in stored and b"PhoneMaker" not in stored
    assert film.captions.open("rb").read().startswith(b"WEBVTT\n\n1\n00:00:00.000 --> ")
    film.captions.close()
    assert film.poster.sorted_renditions

    # Replacing the film drops the old file and the captions written for it.
    change = reverse("admin:practice_site_provider_change", args=[film.provider.pk])
    html = admin_client.get(change).content.decode()
    old_files = {film.file.name, film.captions.name}
    data = {
        **empty_inlines(html),
        **{k: v for k, v in data.items() if not k.startswith(f"{prefix}-") and "_upload" not in k},
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": film.pk,
        f"{prefix}-0-provider": film.provider.pk,
        f"{prefix}-0-upload": SimpleUploadedFile("new.mp4", VIDEO.read_bytes()),
        f"{prefix}-0-title": "Meet Dr. Roe again",
        f"{prefix}-0-description": "A new film.",
        f"{prefix}-0-captions_upload": SimpleUploadedFile(
            "new.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"
        ),
        f"{prefix}-0-transcript": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, data)
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "Meet Dr. Roe again"
    remaining = set(images.stored_files(settings))
    assert not old_files & remaining
    assert {film.file.name, film.captions.name} <= remaining


def test_deleting_a_provider_deletes_portrait_video_and_their_files(
    admin_client, settings, delete_in_admin
):
    html, data = provider_form(admin_client)
    data |= video_rows(prefix_of(html, "Video"), captions_upload=SimpleUploadedFile("a.srt", SRT))
    assert admin_client.post(ADD, data).status_code == 302
    provider = Provider.objects.get()
    assert images.stored_files(settings)
    delete_in_admin(provider)
    assert not Picture.objects.exists() and not ProviderVideo.objects.exists()
    assert images.stored_files(settings) == []


def test_the_change_list_shows_portrait_thumbnails_with_alt_text(admin_client, provider):
    response = admin_client.get(reverse("admin:practice_site_provider_changelist"))
    assert response.status_code == 200
    assert "Jane Roe, MD, FACS" in response.content.decode()
    change = admin_client.get(reverse("admin:practice_site_provider_change", args=[provider.pk]))
    html = change.content.decode()
    assert "Jane Roe, MD, FACS — in sentences: Dr. Roe" in html
    for label in ("Degree", "Certifying board", "Hospital or program", "Organization"):
        assert label in html


def test_a_biography_change_waits_in_a_draft_and_previews_on_the_provider_page(
    admin_client, provider
):
    from practice_site.drafts.models import Draft
    from tests.drafts.helpers import change_form_data, public_text, submit

    data = change_form_data(admin_client, provider)
    board = next(key for key, value in data.items() if value == "Facial plastic surgery")
    changes = {
        "short_bio": "Dr. Roe now also sees adults with synkinesis.",
        board: "Board certified in otolaryngology",
    }
    response = submit(admin_client, provider, changes, "_save_draft")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Draft.objects.count() == 1
    page = public_text(provider.get_absolute_url())
    assert "synkinesis" not in page and "Facial plastic surgery" in page

    preview_url = reverse("admin:practice_site_provider_preview", args=[provider.pk])
    preview = submit(admin_client, provider, button="_preview", to=preview_url)
    framed = preview.content.decode()
    assert "synkinesis" in framed and "Board certified in otolaryngology" in framed

    response = submit(admin_client, provider, button="_save")
    assert response.status_code == 302
    page = public_text(provider.get_absolute_url())
    assert "synkinesis" in page and "Board certified in otolaryngology" in page
    assert not Draft.objects.exists()


def test_a_new_portrait_is_never_kept_in_a_draft(admin_client, provider, settings):
    from practice_site.drafts.models import Draft
    from tests.drafts.helpers import submit

    changes = {
        "portrait_upload": images.upload("new.jpg", images.jpeg((800, 1000))),
        "portrait_alt": "Dr. Roe smiling",
    }
    response = submit(admin_client, provider, changes, "_save_draft")
    assert response.status_code == 200
    assert "not photos or videos" in response.content.decode()
    assert not Draft.objects.exists()
    assert images.stored_files(settings) == []
    provider.refresh_from_db()
    assert provider.portrait_id is None


def test_removing_the_portrait_deletes_it_and_its_files(
    admin_client, settings, django_capture_on_commit_callbacks
):
    from tests.drafts.helpers import change_form_data, change_url

    _, data = provider_form(admin_client)
    assert admin_client.post(ADD, data).status_code == 302
    provider = Provider.objects.get()
    assert images.stored_files(settings)
    data = change_form_data(admin_client, provider)
    # Its description may go with it: the model checks the provider as it will be.
    data |= {"remove_portrait": "on", "portrait_alt": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(provider), {**data, "_save": "1"})
    assert response.status_code == 302, response.context["errors"]
    provider.refresh_from_db()
    assert provider.portrait is None and not Picture.objects.exists()
    assert images.stored_files(settings) == []


def test_no_text_box_cuts_a_long_paste(admin_client):
    """Biographies and video descriptions have limits the form checks; a maxlength on the box
    would make the browser cut a paste without a word."""
    html = admin_client.get(ADD).content.decode()
    boxes = re.findall(r"<textarea[^>]*>", html)
    assert any('name="short_bio"' in box for box in boxes)
    assert any("description" in box for box in boxes)
    assert not [box for box in boxes if "maxlength" in box]


def test_a_form_opened_before_a_new_portrait_cannot_remove_it(
    admin_client, settings, django_capture_on_commit_callbacks
):
    """The form's own data does not change with a new photo: only the stored link does."""
    from tests.drafts.helpers import change_form_data, change_url

    _, data = provider_form(admin_client)
    assert admin_client.post(ADD, data).status_code == 302
    provider = Provider.objects.get()
    stale = change_form_data(admin_client, provider)  # one tab, showing the first portrait
    newer = change_form_data(admin_client, provider)  # a colleague's, replacing it
    newer["portrait_upload"] = images.upload("newer.jpg", images.jpeg((800, 1000)))
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url(provider), {**newer, "_save": "1"}).status_code == 302
    provider.refresh_from_db()
    replaced = provider.portrait_id
    stale |= {"remove_portrait": "on", "portrait_alt": ""}
    response = admin_client.post(change_url(provider), {**stale, "_save": "1"})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    provider.refresh_from_db()
    assert provider.portrait_id == replaced is not None
