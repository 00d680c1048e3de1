"""The photo upload pipeline, and the other gallery actions with side effects.

An upload is judged by its bytes, never by its name or the content type the browser sent:
size, extension, content signature and hidden markup first; then pixel count, minimum side and
proportions from the header alone; then one decode, and renditions.py makes fresh WebP
renditions of it that carry no metadata. The uploaded file is never kept.

`process_upload()` stores nothing, so a form can run it in `clean()` and show any refusal as a
form error; `save_photo()` then writes the renditions under random names.
"""

import io
import logging
import math
import re
import struct
import warnings
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import ExifTags, Image

from .models import Case, Photo, PhotoConsent, Rendition
from .renditions import RENDITION_WIDTHS, ROTATED, make_renditions

logger = logging.getLogger(__name__)

MIN_SIDE = 400
# Face photos run from 3:2 landscape to 9:16 portrait. Anything past 3:1 either way is a long
# screenshot or a panorama, and would make renditions beyond WebP's 16383 px per side.
MAX_ASPECT_RATIO = 3

EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
ACCEPTED_HELP = "JPEG (.jpg), PNG (.png) or WebP (.webp)"

# Markup that makes a file an HTML/SVG polyglot. Specific enough that random compressed image
# data practically never contains it (a bare "<svg" would, in about one 15 MB photo in fifty).
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>/]|script[\s>/]|iframe[\s>/]"
    rb"|object[\s>/]|embed[\s>/]|meta[\s/]|\?php\s"
    rb"|svg[\s>][^<>]{0,300}?(?:xmlns|\bon[a-z]+\s*=)"
    rb"|img[\s/][^<>]{0,300}?\bon[a-z]+\s*=)"
    rb"|javascript:",
    re.IGNORECASE,
)


def max_upload_bytes():
    return getattr(settings, "GALLERY_MAX_UPLOAD_MB", 15) * 1024 * 1024


def max_pixels():
    return getattr(settings, "GALLERY_MAX_MEGAPIXELS", 40) * 1_000_000


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _sniff(head):
    """The format named by the file's first bytes, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _describe_unsupported(head):
    """A plain name for a file we refuse, so the message can say what it really is."""
    text = head.lstrip()[:200].lower()
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if b"<svg" in text or (text.startswith(b"<?xml") and b"svg" in text):
        return "an SVG drawing"
    if text.startswith((b"<!doctype", b"<html", b"<")):
        return "a web page or text file"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"avif", b"msf1"):
        return "a HEIC or AVIF photo (export it as JPEG first)"
    if head.startswith(b"BM"):
        return "a BMP image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    return "not a JPEG, PNG or WebP image"


def check_declared_size(uploaded, limit, too_large):
    """Refuse an upload (a photo, a video) whose declared size is over `limit` bytes before any of
    it is read; `too_large` is the message, given {size} and {limit} in MB."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        _refuse(too_large.format(size=size / 1_048_576, limit=limit // 1_048_576), "too_large")


def _read_upload(uploaded):
    """The upload's bytes, after the size cap (so a huge file is never read whole)."""
    limit = max_upload_bytes()
    check_declared_size(
        uploaded,
        limit,
        "This file is {size:.1f} MB; the limit is {limit} MB. Export the photo at a smaller size "
        "and try again.",
    )
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        _refuse(
            f"This file is larger than {limit // 1_048_576} MB. Export the photo at a "
            "smaller size and try again.",
            "too_large",
        )
    if not data:
        _refuse("This file is empty.", "empty")
    return data


def _check_type(name, data):
    """The format, when the content is JPEG, PNG or WebP and the extension agrees."""
    suffix = PurePath(name or "").suffix.lower()
    found = _sniff(data[:16])
    if found is None:
        _refuse(
            f"This file is {_describe_unsupported(data[:512])}. Upload a photo saved as "
            f"{ACCEPTED_HELP}.",
            "unsupported_type",
        )
    if suffix not in EXTENSIONS[found]:
        expected = " or ".join(EXTENSIONS[found])
        if not any(suffix in names for names in EXTENSIONS.values()):
            _refuse(
                f"The file name must end in .jpg, .jpeg, .png or .webp. The file contains a "
                f"{found} image: rename it to end in {expected}.",
                "bad_extension",
            )
        _refuse(
            f"The file name ends in {suffix}, but the file contains a {found} image. Rename "
            f"it to end in {expected}, or export it again.",
            "extension_mismatch",
        )
    return found


def _check_no_markup(data):
    if _MARKUP.search(data):
        _refuse(
            "This file has web-page code hidden inside it, so it was refused. Open the photo "
            "in a photo editor, export it again as a new file and upload that.",
            "polyglot",
        )


def _open(data, found):
    """Open the image lazily: Pillow parses the header; no pixel is decoded yet."""
    # Pillow opens a camera's MPO (a JPEG with extra frames) through its JPEG opener; naming
    # "MPO" here too would make a damaged JPEG fail with a KeyError instead of an OSError.
    formats = [found]
    try:
        with warnings.catch_warnings():
            # Our own pixel cap, checked next, is stricter than Pillow's bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        _refuse("This image has far too many pixels to be a photo.", "too_many_pixels")
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(
            "This file could not be read as an image: it may be damaged or incomplete. "
            "Export it again and retry.",
            "unreadable",
        )


@dataclass(frozen=True)
class ImageKind:
    """What an upload must look like: the gallery's face photos unless another kind is given
    (the practice's logo is wider and may be smaller; see practice_site/forms.py)."""

    plural: str = "Photos"
    min_side: int | None = None  # None: MIN_SIDE
    max_ratio: float | None = None  # None: MAX_ASPECT_RATIO
    proportions: str = (
        "A gallery photo can be at most {ratio} times as long as it is wide, so a long "
        "screenshot or a panorama cannot be shown. Crop it to the face and upload it again."
    )

    @property
    def smallest_side(self):
        return self.min_side or MIN_SIDE

    @property
    def longest_ratio(self):
        return self.max_ratio or MAX_ASPECT_RATIO


PHOTO = ImageKind()


def _check_dimensions(image, kind=PHOTO):
    width, height = image.size
    if width * height > max_pixels():
        _refuse(
            f"This image is {width:,} × {height:,} pixels "
            f"({width * height / 1_000_000:.0f} megapixels); the limit is "
            f"{max_pixels() // 1_000_000} megapixels. Export it at a smaller size.",
            "too_many_pixels",
        )
    if min(width, height) < kind.smallest_side:
        _refuse(
            f"This image is only {width} × {height} pixels. {kind.plural} must be at least "
            f"{kind.smallest_side} pixels on each side to look sharp.",
            "too_small",
        )
    ratio = max(width, height) / min(width, height)
    if ratio > kind.longest_ratio:
        times = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
        _refuse(
            f"This image is {width:,} × {height:,} pixels: one side is {times} times as long "
            "as the other. " + kind.proportions.format(ratio=f"{kind.longest_ratio:g}"),
            "bad_proportions",
        )
    if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
        _refuse("Animated images cannot be used. Upload a single still photo.", "animated")


def _decode(image):
    """Decode once, no larger than the biggest rendition needs (JPEG draft mode decodes at
    1/2, 1/4 or 1/8 scale). Returns (image, orientation, target width once upright)."""
    try:
        # For PNG, reading EXIF decodes the image (the eXIf chunk may follow the pixels).
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        width, height = image.size
        upright_width = height if orientation in ROTATED else width
        target = min(upright_width, RENDITION_WIDTHS[-1])
        if image.format in ("JPEG", "MPO") and target < upright_width:
            scale = target / upright_width
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(
            "This image file is damaged or incomplete (it may not have finished uploading). "
            "Export it again and retry.",
            "truncated",
        )
    return image, orientation, target


# What Pillow and libwebp raise on input they cannot handle.
_PILLOW_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    MemoryError,
    Image.DecompressionBombError,
)


def process_upload(uploaded, kind=PHOTO):
    """Validate an uploaded photo (or another `kind` of picture) and make its renditions. Raises
    ValidationError with a message a member of staff can act on, and nothing else. Stores
    nothing."""
    data = _read_upload(uploaded)
    found = _check_type(getattr(uploaded, "name", ""), data)
    _check_no_markup(data)
    image = _open(data, found)
    size, mode = image.size, image.mode
    try:
        _check_dimensions(image, kind)
        image, orientation, target = _decode(image)
        return make_renditions(image, orientation, target)
    except _PILLOW_ERRORS:
        # A file that passed every check above and still fails is a gap in those checks: log it
        # for the developers (without the file name), and give staff a way forward.
        logger.exception("Gallery upload failed after its checks: %s %s %s×%s", found, mode, *size)
        _refuse(
            "This image could not be converted for the website. Open it in a photo editor, "
            "export it as a JPEG and upload that file.",
            "unprocessable",
        )


def save_photo(processed):
    """Store processed renditions under random names and return the new Photo."""
    largest = processed.largest
    photo = Photo.objects.create(width=largest.width, height=largest.height)
    return store_renditions(photo, processed.renditions, "gallery")


def store_renditions(image, renditions, folder):
    """Write `renditions` as files under `folder` named by the key of `image` (a Photo, or
    practice_site's Picture), each with its row; if one fails, the files written go again."""
    saved = []
    try:
        for rendition in renditions:
            name = default_storage.save(
                f"{folder}/{image.key[:2]}/{image.key}-{rendition.width}.webp",
                ContentFile(rendition.data),
            )
            saved.append(name)
            image.renditions.create(width=rendition.width, height=rendition.height, file=name)
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise
    return image


def orphaned_files(older_than=timedelta(hours=1)):
    """Stored photo files no rendition points to, written more than `older_than` ago: left by
    uploads whose admin save rolled back. Younger ones may belong to an upload in progress."""
    try:
        # Listing, not exists(): a bucket has no folder objects, only names with a prefix.
        folders, _ = default_storage.listdir("gallery")
    except FileNotFoundError:
        return []
    known = set(Rendition.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    found = []
    for folder in folders:
        for filename in default_storage.listdir(f"gallery/{folder}")[1]:
            name = f"gallery/{folder}/{filename}"
            if name not in known and default_storage.get_modified_time(name) < cutoff:
                found.append(name)
    return sorted(found)


def delete_orphaned_files(older_than=timedelta(hours=1)):
    names = orphaned_files(older_than)
    for name in names:
        default_storage.delete(name)
    return names


def upload_photo(uploaded):
    """Process and store in one step (demo content, scripts)."""
    return save_photo(process_upload(uploaded))


def delete_photos(photos):
    """Delete photos and, once the transaction commits, their files (see signals.py)."""
    Photo.objects.filter(pk__in=[photo.pk for photo in photos if photo is not None]).delete()


@transaction.atomic
def record_consent_revocation(cases, on=None):
    """Record that the patients withdrew their consent to the website's use of the photos;
    returns the number of consents marked revoked.

    Consents to show the photos in the office stand: the patient withdrew only the website's.
    The cases are unpublished too, so that a new consent alone never brings them back.
    """
    on = on or timezone.localdate()
    case_ids = [case.pk for case in cases]
    revoked = PhotoConsent.objects.filter(
        case_id__in=case_ids, scope=PhotoConsent.Scope.WEBSITE, revoked_on__isnull=True
    ).exclude(signed_on__gt=on)
    count = 0
    for consent in revoked:  # One by one, so model signals (the page cache) see each change.
        consent.revoked_on = on
        consent.save(update_fields=["revoked_on"])
        count += 1
    for case in Case.objects.filter(pk__in=case_ids, is_published=True):
        case.is_published = False
        case.save(update_fields=["is_published", "updated_at"])
    return count
