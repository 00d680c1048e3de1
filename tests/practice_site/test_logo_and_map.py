"""The practice's logo and a location's map: uploaded in the admin through the photo pipeline,
served by the site itself in the sizes the pages show."""

import re
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from gallery import services as gallery_services
from gallery.services import process_upload
from practice_site.models import Location, Picture, PictureRendition, PracticeProfile
from tests.admin_forms import admin_form_data
from tests.drafts.helpers import messages_of
from tests.gallery import images
from tests.gallery.test_admin import another_writer_gets_in
from tests.practice_site.test_location import clinic
from tests.schemaorg import validate

MAP_ALT = "The office is on the south side of Colorado Boulevard, west of Lake Avenue."


def png(size, name="upload.png"):
    return SimpleUploadedFile(name, images.encode(images.picture(size), "PNG"), "image/png")


def post_location(admin_client, location, **changes):
    url = reverse("admin:practice_site_location_change", args=[location.pk])
    data = {**admin_form_data(admin_client.get(url)), **changes}
    return admin_client.post(url, data)


def post_profile(admin_client, **changes):
    url = reverse("admin:practice_site_practiceprofile_change", args=[1])
    data = {**admin_form_data(admin_client.get(url)), **changes}
    return admin_client.post(url, data)


def stored_files(picture):
    return [r.file.name for r in PictureRendition.objects.filter(picture=picture)]


def test_a_map_uploaded_in_the_admin_is_served_on_the_contact_page(
    admin_client, practice, django_capture_on_commit_callbacks
):
    client = Client()
    location = practice.main_location
    response = post_location(admin_client, location, map_upload=png((900, 600)), map_alt=MAP_ALT)
    assert response.status_code == 302, response.context["errors"]
    location.refresh_from_db()
    first = location.map
    assert first is not None and (first.width, first.height) == (900, 600)
    assert all(default_storage.exists(name) for name in stored_files(first))

    html = client.get(reverse("pages:contact")).content.decode()
    figure = re.search(r'<figure class="location__map">(.*?)</figure>', html, re.S)[1]
    img = re.search(r"<img [^>]+>", figure)[0]
    assert f'alt="{MAP_ALT}"' in img
    # Named by its street: "around Pasadena office" lacked its article, a name may need one.
    assert f"<figcaption>Map of the streets around {location.street_address}." in figure
    assert 'width="900" height="600"' in img and 'loading="lazy"' in img
    widths = [int(w) for w in re.findall(rf"/pictures/{first.key}/(\d+)\.webp (\d+)w", img)[0]]
    assert widths  # the srcset names this picture's copies
    served = client.get(re.search(r'src="([^"]+)"', img)[1])
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    with Image.open(BytesIO(b"".join(served.streaming_content))) as copy:
        assert copy.format == "WEBP" and not copy.info.get("exif")

    # A new map replaces the old one, whose copies are deleted once the save commits.
    old_files = stored_files(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_location(admin_client, location, map_upload=png((1200, 800), "new.png"))
    assert response.status_code == 302, response.context["errors"]
    location.refresh_from_db()
    assert location.map.pk != first.pk and Picture.objects.count() == 1
    assert not any(default_storage.exists(name) for name in old_files)
    # Its description was written for the old map: staff are asked to check it.
    said = " ".join(messages_of(response))
    assert "The new map kept the description of the old one" in said
    response = post_location(admin_client, location, map_upload=png((900, 600)), map_alt="New.")
    assert "kept the description" not in " ".join(messages_of(response))

    with django_capture_on_commit_callbacks(execute=True):
        response = post_location(admin_client, location, remove_map="on")
    assert response.status_code == 302, response.context["errors"]
    assert Location.objects.get(pk=location.pk).map is None and not Picture.objects.exists()
    assert 'class="location__map"' not in client.get(reverse("pages:contact")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"map_upload": lambda: png((1800, 400))}, "map_upload", "A map can be at most 3 times"),
        ({"map_upload": lambda: png((300, 300))}, "map_upload", "Maps must be at least 320"),
        (
            {"map_upload": lambda: png((900, 600)), "map_alt": ""},
            "map_alt",
            "Describe the map for people who cannot see it.",
        ),
    ],
)
def test_a_map_that_cannot_be_shown_well_is_refused_and_nothing_is_stored(
    admin_client, practice, changes, field, message
):
    values = {"map_alt": MAP_ALT, **{k: v() if callable(v) else v for k, v in changes.items()}}
    response = post_location(admin_client, practice.main_location, **values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(message in error for error in errors), errors
    assert not Picture.objects.exists()


FILE_DROPPED = "A browser cannot keep a chosen file when the form comes back with a problem"


def test_a_form_sent_back_with_a_problem_says_the_chosen_map_or_logo_must_be_chosen_again(
    admin_client, practice
):
    # The browser empties the file box: without a word, the save after the correction went
    # through without the new map or logo, and said it was changed successfully.
    location = practice.main_location
    refused = post_location(admin_client, location, map_upload=png((900, 600)), name="")
    assert refused.status_code == 200
    assert [str(m) for m in refused.context["messages"]] == [
        FILE_DROPPED + ": once it is put right, choose the file again before you press “Save”."
    ]
    refused = post_profile(admin_client, logo_upload=png((300, 100)), phone="not a number")
    assert refused.status_code == 200
    assert any(FILE_DROPPED in str(m) for m in refused.context["messages"])
    # Without a file, a problem is only the problem.
    refused = post_location(admin_client, location, name="")
    assert refused.status_code == 200 and not list(refused.context["messages"])


def test_a_map_saved_in_a_popup_window_is_not_said_to_be_lost(admin_client, practice):
    # From the profile's "main location" pencil: a save there answers 200 too, with no problem.
    location = practice.main_location
    url = reverse("admin:practice_site_location_change", args=[location.pk]) + "?_popup=1"
    data = {**admin_form_data(admin_client.get(url)), "_popup": "1", "map_alt": MAP_ALT}
    saved = admin_client.post(url, {**data, "map_upload": png((900, 600))})
    assert saved.status_code == 200 and "popup_response" in saved.templates[0].name
    location.refresh_from_db()
    assert location.map is not None
    assert not [str(m) for m in get_messages(saved.wsgi_request)]


def test_deleting_a_location_deletes_its_map(admin_client, practice):
    second = Location.objects.create(
        name="Second", street_address="2 Example St", locality="Arcadia", region="CA",
        postal_code="91006",
    )  # fmt: skip
    response = post_location(admin_client, second, map_upload=png((900, 600)), map_alt=MAP_ALT)
    assert response.status_code == 302, response.context["errors"]
    Location.objects.get(pk=second.pk).delete()
    assert not Picture.objects.exists()


def test_the_logo_takes_the_place_of_the_initials(admin_client, practice):
    client = Client()  # a visitor, not the signed-in admin
    home = client.get(reverse("pages:home")).content.decode()
    card_before = re.search(r'<meta property="og:image" content="([^"]+)">', home)[1]
    assert 'class="brand__mark"' in home and "brand--logo" not in home
    before = client.get(card_before.removeprefix("http://127.0.0.1:8000"))

    response = post_profile(admin_client, logo_upload=png((600, 150), "logo.png"))
    assert response.status_code == 302, response.context["errors"]
    logo = PracticeProfile.objects.get().logo
    assert (logo.width, logo.height) == (600, 150)

    html = client.get(reverse("pages:home")).content.decode()
    header = re.search(r"<header.*?</header>", html, re.S)[0]
    assert 'class="brand__mark"' not in header
    img = re.search(r'<img class="brand__logo"[^>]+>', header)[0]
    # Shown 48 px tall, so 192 px wide: the first copy at least twice that wide (480 px).
    assert f'src="/pictures/{logo.key}/480.webp"' in img
    assert 'width="192" height="48"' in img and 'alt=""' in img  # the name follows as text
    # On small phones the logo stands alone (site.css hides the name visually there).
    assert '<a class="brand brand--logo"' in header and "brand__name" in header

    block, node = clinic(html)
    assert validate(block) == []
    assert node["logo"].endswith(f"/pictures/{logo.key}/600.webp")

    card = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert card != card_before  # the share card's address follows the logo
    after = client.get(card.removeprefix("http://127.0.0.1:8000"))
    with Image.open(BytesIO(before.content)) as a, Image.open(BytesIO(after.content)) as b:
        assert a.size == b.size == (1200, 630)
        # The logo sits on a white panel at the top left of the card.
        assert b.convert("RGB").getpixel((130, 70)) == (255, 255, 255)
        assert a.convert("RGB").getpixel((130, 70)) != (255, 255, 255)

    response = post_profile(admin_client, remove_logo="on")
    assert response.status_code == 302, response.context["errors"]
    assert 'class="brand__mark"' in client.get(reverse("pages:home")).content.decode()
    assert not Picture.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_logo_is_converted_before_the_save_takes_the_database(
    admin_client, practice, monkeypatch
):
    """As a case's photos are (tests/gallery/test_admin.py): a patient's request sent while the
    logo converts does not wait for it."""
    converted = []

    def converting(uploaded, kind):
        converted.append((uploaded.name, connection.in_atomic_block, another_writer_gets_in()))
        return process_upload(uploaded, kind)

    monkeypatch.setattr(gallery_services, "process_upload", converting)
    response = post_profile(admin_client, logo_upload=png((600, 150), "logo.png"))
    assert response.status_code == 302
    assert converted == [("logo.png", False, True)]
    assert PracticeProfile.objects.get().logo_id is not None


def test_the_header_shows_the_logo_without_another_query(admin_client, practice):
    client = Client()
    url = reverse("pages:terms")
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    post_profile(admin_client, logo_upload=png((600, 150), "logo.png"))
    with CaptureQueriesContext(connection) as with_logo:
        assert 'class="brand__logo"' in client.get(url).content.decode()
    assert len(with_logo) == len(without)


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((1000, 100), "A logo can be at most 8 times as wide as it is tall"),
        ((200, 40), "Logos must be at least 60 pixels on each side"),
    ],
)
def test_a_logo_that_cannot_be_shown_well_is_refused(admin_client, practice, size, message):
    response = post_profile(admin_client, logo_upload=png(size))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["logo_upload"]
    assert any(message in error for error in errors), errors
    assert PracticeProfile.objects.get().logo is None
