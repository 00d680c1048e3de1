"""The upload pipeline (gallery/services.py): what it refuses, and what it stores."""

import io
import os
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from gallery import services
from gallery.models import Photo, Rendition

from . import images

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


def refusal(name, data):
    with pytest.raises(ValidationError) as caught:
        services.process_upload(images.upload(name, data))
    return caught.value


# --- What is stored -------------------------------------------------------------------------


def test_tainted_jpeg_is_stored_upright_without_any_metadata_or_its_text(settings):
    data = images.tainted_jpeg()
    # The fixture really carries everything the pipeline must remove.
    original = Image.open(io.BytesIO(data))
    assert original.size == (600, 900)
    assert original.getexif()[0x0112] == 6
    assert original.getexif().get_ifd(0x8825)
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(original.info)
    assert b"Patient Jane Doe" in data and b"Canon" in data

    photo = services.upload_photo(images.upload("jane-doe-portrait.jpg", data))

    files = stored_files(settings)
    renditions = list(photo.renditions.all())
    assert len(files) == len(renditions) >= 3  # renditions only: the upload itself is not kept
    for rendition in renditions:
        raw = rendition.file.open("rb").read()
        rendition.file.close()
        for secret in (b"Jane", b"Doe", b"Canon", b"EOS R5", b"xmpmeta", b"xpacket", b"sRGB"):
            assert secret.lower() not in raw.lower(), (secret, rendition.width)
        assert images.webp_chunks(raw) in ([b"VP8 "], [b"VP8L"]), "no EXIF/XMP/ICCP chunk"
        stored = Image.open(io.BytesIO(raw))
        assert stored.format == "WEBP"
        assert not stored.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(stored.info)
        # Upright: landscape again, red at the top, blue at the bottom, green top left.
        assert (stored.width, stored.height) == (rendition.width, rendition.height)
        assert images.is_upright_picture(stored)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_turned_upright(orientation):
    data = images.stored_sideways(orientation)
    processed = services.process_upload(images.upload("a.jpg", data))
    for rendition in processed.renditions:
        assert images.is_upright_picture(Image.open(io.BytesIO(rendition.data))), rendition.width


def test_big_sideways_jpeg_is_resized_before_it_is_turned():
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways = images.picture((6000, 4000)).transpose(Image.Transpose.ROTATE_90)
    big = images.encode(sideways, "JPEG", exif=exif)
    processed = services.process_upload(images.upload("a.jpg", big))
    assert (processed.largest.width, processed.largest.height) == (1600, 1067)
    assert images.is_upright_picture(Image.open(io.BytesIO(processed.largest.data)))


def test_the_uploaded_file_name_appears_nowhere(settings):
    photo = services.upload_photo(images.upload("jane-doe-smile.jpg", images.jpeg()))
    for path in stored_files(settings):
        assert "jane" not in path and "smile" not in path
        assert re.search(r"/gallery/[0-9a-f]{2}/[0-9a-f]{32}-\d+\.webp$", path)
    for rendition in Rendition.objects.all():
        assert "jane" not in rendition.file.name and "jane" not in rendition.url
    assert "jane" not in photo.key


def test_renditions_are_webp_at_several_widths_with_their_stored_size(settings):
    photo = services.upload_photo(images.upload("a.jpg", images.jpeg((2400, 3000))))
    widths = [r.width for r in photo.renditions.all()]
    assert widths == [320, 480, 640, 960, 1280, 1600]  # never larger than 1600 px
    assert (photo.width, photo.height) == (1600, 2000)
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as handle:
            stored = Image.open(handle)
            assert stored.format == "WEBP"
            assert stored.size == (rendition.width, rendition.height)
            assert rendition.height == round(rendition.width * 3000 / 2400)


def test_a_small_photo_is_not_enlarged():
    processed = services.process_upload(images.upload("a.jpg", images.jpeg((700, 500))))
    assert [r.width for r in processed.renditions] == [320, 480, 700]


@pytest.mark.parametrize(
    "name, data",
    [
        ("photo.PNG", images.png()),
        ("photo.webp", images.webp()),
        ("photo.JPEG", images.jpeg()),
        ("transparent.png", images.png(mode="RGBA")),
        ("grey.png", images.png(mode="L")),
        ("cmyk.jpg", images.encode(images.picture().convert("CMYK"), "JPEG")),
    ],
)
def test_jpeg_png_and_webp_in_any_colour_mode_are_accepted(name, data):
    processed = services.process_upload(images.upload(name, data))
    largest = Image.open(io.BytesIO(processed.largest.data))
    assert largest.mode == "RGB" and largest.size == (900, 600)


def test_a_cameras_two_frame_jpeg_keeps_its_first_frame():
    # Some cameras save a .jpg as MPO: the photo, then a second frame (a preview, or the other
    # eye of a 3D pair).
    preview = Image.new("RGB", (90, 60), (0, 0, 0))
    data = images.encode(images.picture(), "MPO", save_all=True, append_images=[preview])
    processed = services.process_upload(images.upload("camera.jpg", data))
    largest = Image.open(io.BytesIO(processed.largest.data))
    assert largest.size == (900, 600) and images.is_upright_picture(largest)


def test_big_jpeg_is_decoded_at_reduced_scale():
    """Draft mode: a 6000 x 4000 JPEG is decoded at half size, never at full size."""
    image = Image.open(io.BytesIO(images.jpeg((6000, 4000))))
    decoded, orientation, target = services._decode(image)
    assert (orientation, target) == (1, 1600)
    assert decoded.size == (3000, 2000)


def test_processing_stores_nothing_until_saved(settings):
    services.process_upload(images.upload("a.jpg", images.jpeg()))
    assert stored_files(settings) == []
    assert not Photo.objects.exists()


# --- What is refused ------------------------------------------------------------------------


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    error = refusal("drawing.svg", svg)
    assert error.code == "unsupported_type" and "SVG" in error.messages[0]
    assert refusal("drawing.png", svg).code == "unsupported_type"


def test_gif_renamed_to_png_is_refused():
    error = refusal("photo.png", images.gif())
    assert error.code == "unsupported_type"
    assert "GIF" in error.messages[0]


@pytest.mark.parametrize(
    "name, data",
    [
        ("comment.jpg", images.jpeg(comment=b"<html><script>alert(1)</script></html>")),
        ("trailer.jpg", images.jpeg() + b"<!DOCTYPE html><body onload=alert(1)>"),
        ("text.png", images.png_with_text(b"<script src=//evil.example/x.js></script>")),
        ("svg-inside.jpg", images.jpeg(comment=b'<svg xmlns="http://www.w3.org/2000/svg">')),
        ("img.png", images.png_with_text(b"<img src=x onerror=alert(1)>")),
    ],
)
def test_html_polyglots_are_refused(name, data):
    assert Image.open(io.BytesIO(data)).format in ("JPEG", "PNG")  # still a valid image
    assert refusal(name, data).code == "polyglot"


def test_html_page_renamed_to_jpg_is_refused():
    error = refusal("photo.jpg", b"<!doctype html><html><body><script>alert(1)</script>")
    assert error.code == "unsupported_type"


def test_xmp_metadata_is_not_mistaken_for_html():
    # The XMP packet holds "<x:xmpmeta ...>"; a naive HTML sniff would refuse the photo.
    processed = services.process_upload(images.upload("a.jpg", images.tainted_jpeg()))
    assert processed.renditions and processed.largest.width > 0


@pytest.mark.parametrize(
    "name, data",
    [
        ("half.jpg", images.jpeg()[: len(images.jpeg()) // 2]),
        ("half.png", images.png()[: len(images.png()) // 2]),
        ("half.webp", images.webp()[: len(images.webp()) // 2]),
        ("header-only.jpg", images.jpeg()[:400]),
        # A JPEG start marker followed by nothing Pillow can parse.
        ("damaged.jpg", b"\xff\xd8\xff\xdb" + bytes(200)),
    ],
)
def test_truncated_files_are_refused(name, data):
    assert refusal(name, data).code in ("truncated", "unreadable")


def test_files_over_the_size_cap_are_refused_before_reading(settings):
    settings.GALLERY_MAX_UPLOAD_MB = 1
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    data = images.encode(noise, "JPEG", quality=95)
    assert len(data) > 1_048_576
    error = refusal("big.jpg", data)
    assert error.code == "too_large" and "limit is 1 MB" in error.messages[0]


def test_a_12_kb_png_declaring_10000_by_10000_pixels_is_refused_before_decoding():
    bomb = images.png_bomb()
    assert len(bomb) < 20_000
    with pytest.warns(Image.DecompressionBombWarning):  # Pillow only warns at this size
        assert Image.open(io.BytesIO(bomb)).size == (10_000, 10_000)
    error = refusal("bomb.png", bomb)
    assert error.code == "too_many_pixels"
    assert "10,000 × 10,000" in error.messages[0]


def test_pixel_cap_is_a_setting(settings):
    settings.GALLERY_MAX_MEGAPIXELS = 1
    assert refusal("a.jpg", images.jpeg((1500, 1000))).code == "too_many_pixels"


@pytest.mark.parametrize(
    "name, code",
    [
        ("photo.png", "extension_mismatch"),
        ("photo.webp", "extension_mismatch"),
        ("photo.bmp", "bad_extension"),
        ("photo", "bad_extension"),
        ("photo.jpg.html", "bad_extension"),
    ],
)
def test_extension_must_match_the_content(name, code):
    assert refusal(name, images.jpeg()).code == code


def test_tiny_empty_and_animated_images_are_refused():
    assert refusal("tiny.jpg", images.jpeg((300, 300))).code == "too_small"
    assert refusal("empty.jpg", b"").code == "empty"
    assert refusal("moving.png", images.animated_png()).code == "animated"


def test_markup_search_does_not_trip_on_random_image_data():
    # 15 MB of random bytes: the patterns are specific enough not to appear by chance.
    assert services._MARKUP.search(os.urandom(15 * 1024 * 1024)) is None
