"""Checks an uploaded video and its captions before the site serves them itself.

Only MP4 with H.264 (and AAC) is accepted, the one combination every phone plays, judged by its
boxes (ISO/IEC 14496-12), never by its name. Where, when and on which device it was filmed
(`udta`, `meta`, XMP `uuid` boxes, header dates) are blanked in place as `free` boxes of the same
size: every offset stays valid, so nothing is re-encoded.
"""

import re
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from gallery.services import check_declared_size

VIDEO_EXTENSIONS = (".mp4", ".m4v")
MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"M4VP", b"dash", b"MSNV", b"XAVC", b"f4v ",
}  # fmt: skip
# Boxes whose children we read. Sample descriptions (`stsd`) are read separately.
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}
# Boxes that carry descriptive metadata (location, device, dates, titles, XMP).
METADATA_BOXES = {b"udta", b"meta", b"uuid", b"Xtra"}
H264 = {b"avc1", b"avc3"}
AAC = {b"mp4a"}
MAX_MOOV_BYTES = 64 * 1024 * 1024
CAPTIONS_MAX_BYTES = 512 * 1024
_CUE_TIME = re.compile(
    r"^(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s+-->\s+(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}", re.MULTILINE
)


def max_video_bytes():
    # 25 MB is about two minutes at 720p, and fits the proxy's 32 MiB limit for one admin save
    # (deploy/caddy: PRACTICE_STAFF_BODY_LIMIT). A longer film needs both raised.
    return getattr(settings, "PROVIDER_VIDEO_MAX_MB", 25) * 1024 * 1024


# Picture, sound, and the timecode track that editing apps add (a start time within the film).
# Any other track (subtitles "sbtl"/"text", timed metadata "meta", GoPro's "gpmd" data) can carry
# where and when the film was made, in samples no box-level scrub reaches.
KEPT_TRACKS = {b"vide", b"soun", b"tmcd"}


def _refuse(message, code):
    raise ValidationError(message, code=code)


@dataclass
class CleanVideo:
    """An accepted upload: its facts and a private temporary copy with the metadata removed."""

    file: object  # an open temporary file, deleted when closed
    size: int
    width: int
    height: int
    duration: float
    has_sound: bool


def _describe(head):
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "a WebM or Matroska video"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "an AVI video"
    if head[4:8] == b"ftyp" and head[8:12] == b"qt  ":
        return "a QuickTime (.mov) video"
    if head[4:8] == b"ftyp" and head[8:11] == b"3gp":
        return "a 3GP phone video"
    return "not an MP4 video"


def _boxes(handle, start, end):
    """(type, payload offset, payload size, box offset) of each box between start and end."""
    offset = start
    while offset < end:
        if end - offset < 8:
            _refuse(_TRUNCATED, "truncated")
        handle.seek(offset)
        size, kind = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            raw = handle.read(8)
            if len(raw) < 8:
                _refuse(_TRUNCATED, "truncated")
            (size,) = struct.unpack(">Q", raw)
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            _refuse(_TRUNCATED, "truncated")
        yield kind, offset + header, size - header, offset
        offset += size


_TRUNCATED = (
    "This video file is damaged or incomplete (it may not have finished uploading). Export it "
    "again and retry."
)


MAX_DEPTH = 8  # moov > trak > mdia > minf > stbl > stsd is 6; deeper is not a real film


def _read_movie(handle, moov_start, moov_size):
    """Tracks and movie length from the `moov` box, and the metadata boxes inside it."""
    movie = {"timescale": 0, "duration": 0, "tracks": [], "metadata": [], "dates": []}

    def walk(start, end, track, depth=1):
        if depth > MAX_DEPTH:
            _refuse(_TRUNCATED, "truncated")
        for kind, payload, size, box in _boxes(handle, start, end):
            if kind in METADATA_BOXES:
                movie["metadata"].append((box, payload, size))
            elif kind == b"trak":
                new = {"handler": None, "codecs": set(), "width": 0, "height": 0}
                movie["tracks"].append(new)
                walk(payload, payload + size, new, depth + 1)
            elif kind in CONTAINERS:
                walk(payload, payload + size, track, depth + 1)
            elif kind in (b"mvhd", b"tkhd", b"mdhd"):
                _read_header(handle, kind, payload, size, movie, track)
            elif kind == b"hdlr" and track is not None:
                handle.seek(payload + 8)
                track["handler"] = handle.read(4)
            elif kind == b"stsd" and track is not None:
                handle.seek(payload + 4)
                (count,) = struct.unpack(">I", handle.read(4))
                for index, (codec, *_rest) in enumerate(
                    _boxes(handle, payload + 8, payload + size)
                ):
                    if index < count:
                        track["codecs"].add(codec)

    walk(moov_start, moov_start + moov_size, None)
    return movie


def _read_header(handle, kind, payload, size, movie, track):
    handle.seek(payload)
    version = handle.read(1)[0] if size else 0
    stamp = 8 if version == 1 else 4
    # Creation and modification times follow version and flags: remember them to zero them.
    movie["dates"].append((payload + 4, 2 * stamp))
    handle.seek(payload + 4 + 2 * stamp)
    if kind in (b"mvhd", b"mdhd"):
        if kind == b"mvhd":
            timescale, duration = struct.unpack(
                ">IQ" if version == 1 else ">II", handle.read(12 if version == 1 else 8)
            )
            movie["timescale"], movie["duration"] = timescale, duration
        return
    if track is not None:  # tkhd: width and height are the last 8 bytes, 16.16 fixed point
        handle.seek(payload + size - 8)
        width, height = struct.unpack(">II", handle.read(8))
        track["width"], track["height"] = width >> 16, height >> 16


def _copy(uploaded):
    """A private temporary copy of the upload, after the size cap."""
    limit = max_video_bytes()
    check_declared_size(
        uploaded,
        limit,
        "This video is {size:.0f} MB; the limit is {limit} MB. Export it at a lower quality "
        "(1080p or 720p) or shorten it.",
    )
    # Kept open past this function (until the form is saved); closing it deletes it.
    copy = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        uploaded.seek(0)
        shutil.copyfileobj(uploaded, copy, 1024 * 1024)
    except OSError:
        copy.close()
        raise
    length = copy.tell()
    if length > limit:
        copy.close()
        _refuse(f"This video is larger than {limit // 1_048_576} MB.", "too_large")
    if not length:
        copy.close()
        _refuse("This file is empty.", "empty")
    return copy, length


def clean_video(uploaded):
    """Check an uploaded video and remove its metadata. Returns a CleanVideo or raises
    ValidationError with a message staff can act on."""
    suffix = PurePath(getattr(uploaded, "name", "") or "").suffix.lower()
    copy, length = _copy(uploaded)
    try:
        return _inspect(copy, length, suffix)
    except Exception:
        copy.close()
        raise


def _read_boxes(copy, length):
    found = {}
    metadata = []
    for kind, payload, size, box in _boxes(copy, 0, length):
        if kind in (b"moov", b"mdat") and kind not in found:
            found[kind] = (payload, size)
        elif kind in METADATA_BOXES:
            metadata.append((box, payload, size))
    if b"moov" not in found or b"mdat" not in found:
        _refuse(_TRUNCATED, "truncated")
    if found[b"moov"][1] > MAX_MOOV_BYTES:
        _refuse("This video's index is too large to check. Export it again as MP4.", "too_large")
    return found, metadata, _read_movie(copy, *found[b"moov"])


def _inspect(copy, length, suffix):
    copy.seek(0)
    head = copy.read(16)
    is_mp4 = head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS
    if not is_mp4:
        _refuse(
            f"This file is {_describe(head)}. Upload an MP4 video with H.264 picture: in most "
            "editing apps choose “Export”, format MP4, codec H.264.",
            "unsupported_type",
        )
    if suffix not in VIDEO_EXTENSIONS:
        _refuse(
            "The file contains an MP4 video, but its name does not end in .mp4: rename it to "
            "end in .mp4.",
            "bad_extension",
        )
    try:
        found, metadata, movie = _read_boxes(copy, length)
    except (struct.error, IndexError, ValueError, OSError):
        # A box whose fields run past its end: damaged, or made to break readers.
        _refuse(_TRUNCATED, "truncated")
    pictures = [t for t in movie["tracks"] if t["handler"] == b"vide"]
    sounds = [t for t in movie["tracks"] if t["handler"] == b"soun"]
    others = [t for t in movie["tracks"] if t["handler"] not in KEPT_TRACKS]
    if others:
        _refuse(
            "This video has a track besides its picture and sound (subtitles or recorded data): "
            "drones and action cameras keep their GPS positions in one, and the site cannot "
            "clean it out. Export the video again from an editing app, which writes picture "
            "and sound only.",
            "extra_track",
        )
    if not pictures:
        _refuse("This MP4 file has no picture (it may be sound only).", "no_video")
    codecs = set().union(*(t["codecs"] for t in pictures))
    if not codecs <= H264:
        named = b", ".join(sorted(codecs)).decode("ascii", "replace")
        _refuse(
            f"This video is encoded as {named}, which not every browser can play (HEVC from "
            "iPhones, for example, does not play in most browsers on Windows). Export it again "
            "with the H.264 codec (“Most compatible” on an iPhone).",
            "unsupported_codec",
        )
    if any(not t["codecs"] <= AAC for t in sounds):
        _refuse(
            "This video's sound is in a format browsers may not play. Export it again with AAC "
            "sound (the usual MP4 setting).",
            "unsupported_codec",
        )
    if not movie["timescale"] or not movie["duration"]:
        _refuse(_TRUNCATED, "truncated")
    width = max(t["width"] for t in pictures)
    height = max(t["height"] for t in pictures)
    if not width or not height:
        _refuse(_TRUNCATED, "truncated")
    _scrub(copy, metadata + movie["metadata"], movie["dates"])
    copy.seek(0)
    return CleanVideo(
        file=copy,
        size=length,
        width=width,
        height=height,
        duration=movie["duration"] / movie["timescale"],
        has_sound=bool(sounds),
    )


def _scrub(handle, boxes, dates):
    """Turn metadata boxes into zeroed `free` boxes of the same size; zero creation dates."""
    for box, payload, size in boxes:
        handle.seek(box + 4)
        handle.write(b"free")
        handle.seek(payload)
        remaining = size
        while remaining:
            chunk = min(remaining, 1024 * 1024)
            handle.write(bytes(chunk))
            remaining -= chunk
    for offset, size in dates:
        handle.seek(offset)
        handle.write(bytes(size))
    handle.flush()


def clean_captions(uploaded):
    """WebVTT text from an uploaded .vtt or .srt captions file, or a ValidationError."""
    suffix = PurePath(getattr(uploaded, "name", "") or "").suffix.lower()
    if suffix not in (".vtt", ".srt"):
        _refuse(
            "Upload captions as a WebVTT (.vtt) or SubRip (.srt) file; most editing apps and "
            "captioning services can export one.",
            "captions_type",
        )
    if getattr(uploaded, "size", 0) > CAPTIONS_MAX_BYTES:
        _refuse("This captions file is too large to be captions (limit 512 KB).", "too_large")
    uploaded.seek(0)
    data = uploaded.read(CAPTIONS_MAX_BYTES + 1)
    if len(data) > CAPTIONS_MAX_BYTES:
        _refuse("This captions file is too large to be captions (limit 512 KB).", "too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("Save the captions file as UTF-8 text and upload it again.", "captions_encoding")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not _CUE_TIME.search(text):
        _refuse(
            "This file has no timed captions (lines such as “00:00:01.000 --> 00:00:04.000”).",
            "captions_empty",
        )
    if text.startswith("WEBVTT"):
        return text if text.endswith("\n") else text + "\n"
    if suffix == ".vtt":
        _refuse("A WebVTT file must start with the word WEBVTT.", "captions_header")
    # SubRip: same cues, with a comma before the milliseconds and no header.
    body = re.sub(r"(\d{2}:\d{2}:\d{2}),(\d{3})", r"\1.\2", text.strip())
    return f"WEBVTT\n\n{body}\n"


def parse_range(header, size):
    """(start, end) inclusive for a single "bytes=" range, None to send the whole file, or
    "unsatisfiable". Several ranges at once are answered with the whole file (allowed)."""
    match = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header or "")
    if not match or not size:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if not length:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None  # an invalid range is ignored (RFC 9110, 14.1.1)
    return start, end


def read_range(handle, start, end, chunk=64 * 1024):
    """The bytes start..end (inclusive) of an open file, in chunks; closes it at the end."""
    try:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            data = handle.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()
