"""Any file Pillow can open becomes renditions or a ValidationError, never another exception:
extreme proportions, sizes around every limit, every colour mode Pillow opens."""

import io
import logging

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from gallery import services

from . import images

WEBP_MAX_SIDE = 16383  # libwebp's limit per side
FORMATS = {"JPEG": "a.jpg", "PNG": "a.png", "WEBP": "a.webp"}


def process(data, name):
    return services.process_upload(images.upload(name, data))


def refusal(data, name):
    with pytest.raises(ValidationError) as caught:
        process(data, name)
    return caught.value


@pytest.mark.parametrize(
    "size, fmt",
    [
        ((400, 60_000), "PNG"),  # a long phone screenshot
        ((60_000, 400), "PNG"),  # a panorama
        ((400, 16_384), "JPEG"),  # one pixel past WebP's limit, unresized
        ((16_384, 400), "JPEG"),
        ((1000, 3001), "JPEG"),  # just past 3:1
        ((3001, 1000), "PNG"),
    ],
)
def test_very_tall_and_very_wide_images_are_refused_saying_why(size, fmt):
    error = refusal(images.solid(size, fmt, "L"), FORMATS[fmt])
    assert error.code == "bad_proportions"
    message = error.messages[0]
    assert f"{size[0]:,} × {size[1]:,} pixels" in message
    assert "at most 3 times as long as it is wide" in message
    assert "screenshot or a panorama" in message


@pytest.mark.parametrize("size", [(400, 1200), (1200, 400), (1600, 4800), (4800, 1600)])
def test_three_to_one_either_way_is_accepted(size):
    processed = process(images.solid(size, "JPEG"), "a.jpg")
    width, height = size
    largest = processed.largest
    assert largest.width == min(width, 1600)
    assert largest.height == round(height * largest.width / width)
    assert max(r.height for r in processed.renditions) <= WEBP_MAX_SIDE


def test_proportions_are_judged_upright_or_sideways_alike():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored 16000 x 400, shown 400 x 16000
    data = images.solid((16_000, 400), "JPEG", exif=exif)
    assert refusal(data, "a.jpg").code == "bad_proportions"


def test_a_file_the_checks_miss_is_a_form_error_not_a_crash(monkeypatch, caplog):
    """The safety net: with the proportion check loosened, a 400 x 16384 PNG reaches the WebP
    encoder, which refuses it. Staff get a form error; developers get a log entry without the
    file name."""
    monkeypatch.setattr(services, "MAX_ASPECT_RATIO", 1000, raising=False)
    data = images.solid((400, 16_384), "PNG", "L")
    with caplog.at_level(logging.ERROR, logger="gallery.services"):
        error = refusal(data, "jane-doe-screenshot.png")
    assert error.code == "unprocessable"
    assert "could not be converted for the website" in error.messages[0]
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert "PNG L 400×16384" in caplog.text and "jane" not in caplog.text


def test_sixteen_bit_grey_keeps_its_tones():
    processed = process(images.solid((600, 600), "PNG", "I;16"), "grey.png")
    pixel = Image.open(io.BytesIO(processed.largest.data)).getpixel((300, 300))
    assert all(abs(channel - 128) < 8 for channel in pixel), pixel  # not clipped to white


# --- Property: every shape and colour mode near the limits ----------------------------------

# (format, mode) pairs Pillow writes and the pipeline accepts; WebP holds only RGB(A).
KINDS = [
    ("JPEG", "RGB"),
    ("JPEG", "L"),
    ("JPEG", "CMYK"),
    ("PNG", "RGB"),
    ("PNG", "RGBA"),
    ("PNG", "LA"),
    ("PNG", "L"),
    ("PNG", "P"),
    ("PNG", "1"),
    ("PNG", "I;16"),
    ("WEBP", "RGB"),
    ("WEBP", "RGBA"),
]
# The colour a fill of `images.solid()` in each mode should come out as.
EXPECTED_COLOUR = {"L": (128,) * 3, "LA": (128,) * 3, "I;16": (128,) * 3, "1": (255,) * 3}
MIN, LIMIT = services.MIN_SIDE, 3  # no more than 3:1 either way
SIDES = st.one_of(
    st.sampled_from([MIN - 1, MIN, MIN + 1, 1599, 1600, 1601, WEBP_MAX_SIDE, WEBP_MAX_SIDE + 1]),
    st.integers(MIN - 20, 2400),
)
RATIOS = st.sampled_from([1 / 50, 1 / 3.01, 1 / LIMIT, 1 / 2.99, 1, 2.99, LIMIT, 3.01, 50])


@st.composite
def shapes(draw):
    width = draw(SIDES)
    if draw(st.booleans()):
        return width, draw(SIDES)
    return width, max(1, round(width * draw(RATIOS)))


def expected_refusal(width, height):
    """The refusal the limits call for, in the order the pipeline checks them, or None."""
    if width * height > services.max_pixels():
        return "too_many_pixels"
    if min(width, height) < MIN:
        return "too_small"
    if max(width, height) > LIMIT * min(width, height):
        return "bad_proportions"
    return None


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never meets a new one by chance
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    shape=shapes(),
    kind=st.sampled_from(KINDS),
    orientation=st.sampled_from([1, 3, 6, 8]),
)
@example(shape=(400, 60_000), kind=("PNG", "L"), orientation=1)
@example(shape=(60_000, 400), kind=("PNG", "L"), orientation=1)
@example(shape=(400, WEBP_MAX_SIDE + 1), kind=("JPEG", "RGB"), orientation=6)
@example(shape=(1600, 4800), kind=("PNG", "RGBA"), orientation=8)
def test_any_shape_and_mode_becomes_renditions_or_a_validation_error(shape, kind, orientation):
    width, height = shape
    fmt, mode = kind
    assume(not (fmt == "WEBP" and max(shape) > WEBP_MAX_SIDE))  # Pillow cannot write those
    assume(width * height <= 45_000_000)  # past the 40 MP cap, and quick enough to encode
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    data = images.solid(shape, fmt, mode, exif=exif)

    refused = expected_refusal(width, height)
    if refused:
        error = refusal(data, FORMATS[fmt])
        assert error.code == refused and error.messages[0]
        return
    processed = process(data, FORMATS[fmt])  # any exception here fails the test

    upright_w, upright_h = (height, width) if orientation in (6, 8) else (width, height)
    widths = [r.width for r in processed.renditions]
    assert widths == sorted(set(widths)) and widths[-1] == min(upright_w, 1600)
    for rendition in processed.renditions:
        assert 1 <= rendition.height <= WEBP_MAX_SIDE
        assert abs(rendition.height - rendition.width * upright_h / upright_w) <= 1
        stored = Image.open(io.BytesIO(rendition.data))
        assert stored.format == "WEBP" and stored.size == (rendition.width, rendition.height)
    largest = Image.open(io.BytesIO(processed.largest.data)).convert("RGB")
    centre = largest.getpixel((largest.width // 2, largest.height // 2))
    colour = EXPECTED_COLOUR.get(mode, (200, 120, 40))
    assert all(abs(a - b) <= 16 for a, b in zip(centre, colour, strict=True)), (centre, colour)
