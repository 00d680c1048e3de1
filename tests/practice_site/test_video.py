"""The uploaded video is judged by its content, cleaned of metadata, and served in ranges.

Fixtures in tests/fixtures/video/ were made once with ffmpeg (see their names): real MP4 files,
so that the box reader meets what phones and editing apps write.
"""

import contextlib
import struct
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practice_site.video import clean_captions, clean_video, parse_range

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "video"
DEMO_CLIP = Path(__file__).resolve().parents[2] / "demo" / "providers" / "01-andre-panossian"


def fixture(name):
    return (FIXTURES / name).read_bytes()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="video/mp4")


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Patient Jane Doe</dc:creator></x:xmpmeta>'
SECRETS = (b"Jane Doe", b"PhoneMaker", b"PhoneModel", b"34.1478", b"xmpmeta", b"Lavf")


def header_dates(data, kind):
    """The creation and modification times of the first `kind` header (mvhd, tkhd, mdhd)."""
    at = data.index(kind) + 4
    size = 8 if data[at] == 1 else 4
    return data[at + 4 : at + 4 + 2 * size]


def test_an_mp4_with_sound_is_measured_and_loses_every_trace_of_where_and_who():
    data = fixture("sound-and-metadata.mp4") + box(b"uuid", bytes(16) + XMP)  # XMP, as Adobe
    for secret in SECRETS:
        assert secret in data, secret  # the fixture really carries it
    assert any(header_dates(data, b"mvhd"))

    clean = clean_video(upload("interview.mp4", data))
    stored = clean.file.read()

    assert (clean.width, clean.height) == (160, 90)
    assert clean.has_sound is True
    assert 0.9 < clean.duration < 1.2
    assert clean.size == len(data) == len(stored)  # nothing moved: every offset still valid
    for secret in SECRETS:
        assert secret not in stored, secret
    for kind in (b"mvhd", b"tkhd", b"mdhd"):
        assert not any(header_dates(stored, kind)), kind
    assert b"mdat" in stored and b"avc1" in stored and b"mp4a" in stored


def test_the_demo_clip_is_silent_small_and_accepted():
    data = (DEMO_CLIP / "clip.mp4").read_bytes()
    assert len(data) < 400_000
    clean = clean_video(upload("clip.mp4", data))
    assert (clean.width, clean.height, clean.has_sound) == (640, 360, False)
    assert clean.duration == pytest.approx(8, abs=0.2)


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("film.mp4", fixture("hevc.mp4"), "unsupported_codec", "H.264"),
        ("film.mov", fixture("quicktime.mov"), "unsupported_type", "QuickTime"),
        ("film.mp4", fixture("quicktime.mov"), "unsupported_type", "QuickTime"),
        ("film.webm", b"\x1a\x45\xdf\xa3" + bytes(60), "unsupported_type", "WebM"),
        ("film.avi", b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(40), "unsupported_type", "AVI"),
        ("film.mp4", b"<html><script>alert(1)</script></html>", "unsupported_type", "MP4"),
        ("film.mp4", fixture("sound-and-metadata.mp4")[:3000], "truncated", "incomplete"),
        ("film.mp4", fixture("sound-and-metadata.mp4")[:20], "truncated", "incomplete"),
        ("film.txt", fixture("sound-and-metadata.mp4"), "bad_extension", ".mp4"),
        ("film.mp4", b"", "empty", "empty"),
    ],
)
def test_anything_but_a_complete_h264_mp4_is_refused_with_advice(name, data, code, words):
    with pytest.raises(ValidationError) as caught:
        clean_video(upload(name, data))
    assert caught.value.code == code
    assert words in caught.value.message


def test_the_size_cap_is_a_setting_checked_before_reading(settings):
    settings.PROVIDER_VIDEO_MAX_MB = 1
    big = upload("film.mp4", fixture("sound-and-metadata.mp4"))
    big.size = 5 * 1024 * 1024  # as the upload handler reports it
    with pytest.raises(ValidationError) as caught:
        clean_video(big)
    assert caught.value.code == "too_large"
    assert "1 MB" in caught.value.message


def test_a_box_that_claims_more_than_the_file_holds_is_refused():
    data = bytearray(fixture("sound-and-metadata.mp4"))
    at = data.index(b"moov") - 4
    data[at : at + 4] = struct.pack(">I", 10_000_000)
    with pytest.raises(ValidationError) as caught:
        clean_video(upload("film.mp4", bytes(data)))
    assert caught.value.code == "truncated"


def test_subrip_captions_become_webvtt():
    srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nHello, I am Dr. Roe.\r\n\r\n"
    text = clean_captions(SimpleUploadedFile("film.srt", ("\ufeff" + srt).encode()))
    assert text.startswith("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\nHello, I am Dr. Roe.")


def test_webvtt_captions_are_kept_as_written():
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Dr. Roe>Welcome.\n"
    assert clean_captions(SimpleUploadedFile("film.vtt", vtt.encode())) == vtt


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("film.txt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "captions_type"),
        ("film.vtt", b"Just some notes about the film.", "captions_empty"),
        ("film.vtt", b"00:00:01.000 --> 00:00:02.000\nHi\n", "captions_header"),
        (
            "film.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nH\xe9\n".encode("latin-1"),
            "captions_encoding",
        ),
        ("film.vtt", b"WEBVTT\n" + b"x" * 600_000, "too_large"),
    ],
)
def test_bad_captions_files_are_refused(name, data, code):
    with pytest.raises(ValidationError) as caught:
        clean_captions(SimpleUploadedFile(name, data))
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes=1000-", "unsatisfiable"),
        ("bytes=-0", "unsatisfiable"),
        ("bytes=50-10", None),
        ("bytes=0-10,20-30", None),
        ("items=0-10", None),
        ("", None),
        (None, None),
    ],
)
def test_range_headers_are_read_as_rfc_9110_says(header, expected):
    assert parse_range(header, 1000) == expected


def test_no_damaged_or_hostile_file_gets_past_the_checks_with_an_error_other_than_a_message():
    """Every truncation and hundreds of corrupted copies: accepted or refused, never a crash."""
    import random

    data = fixture("sound-and-metadata.mp4")
    moov = data.index(b"moov") - 4
    rng = random.Random(11)
    variants = [data[:cut] for cut in range(0, len(data), 97)]
    for _ in range(300):
        broken = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            broken[rng.randrange(moov, len(data))] = rng.randrange(256)
        variants.append(bytes(broken))
    nested = box(b"mdat", b"")
    inner = box(b"mvhd", b"")
    for _ in range(40):  # boxes inside boxes, far deeper than any film
        inner = box(b"trak", inner)
    variants.append(box(b"ftyp", b"isom\x00\x00\x02\x00isom") + box(b"moov", inner) + nested)
    for variant in variants:
        with contextlib.suppress(ValidationError):  # a message is fine; anything else fails
            clean_video(upload("film.mp4", variant))


def with_extra_track(data, handler):
    """`data` with a copy of its sound track as a track of another kind (`handler`), whose
    sample, in a box of its own at the end, is a GPS position, as a drone's subtitles are."""
    start = data.index(b"moov") - 4
    (moov_size,) = struct.unpack(">I", data[start : start + 4])
    moov = data[start : start + moov_size]
    sound = moov.rfind(b"trak", 0, moov.index(b"soun")) - 4
    (trak_size,) = struct.unpack(">I", moov[sound : sound + 4])
    track = moov[sound : sound + trak_size].replace(b"soun", handler)
    grown = box(b"moov", moov[8:] + track)
    gps = b"GPS 34.147812,-118.144512 2024-05-02 09:31"
    return data[:start] + grown + data[start + moov_size :] + box(b"mdat", gps)


@pytest.mark.parametrize("handler", [b"sbtl", b"text", b"meta"])
def test_a_subtitle_or_data_track_is_refused_for_what_it_may_carry(handler):
    data = with_extra_track(fixture("sound-and-metadata.mp4"), handler)
    with pytest.raises(ValidationError) as refused:
        clean_video(upload("drone.mp4", data))
    assert refused.value.code == "extra_track"
    assert "GPS positions" in refused.value.messages[0]


def test_an_editing_apps_timecode_track_is_kept():
    data = with_extra_track(fixture("sound-and-metadata.mp4"), b"tmcd")
    assert clean_video(upload("edit.mp4", data)).has_sound is True
