"""A checked image, decoded once, turned into the WebP renditions the site serves (see
services.py for the checks that come first): shrunk no larger than needed, turned upright,
converted to sRGB, and re-encoded from fresh pixels so that no metadata survives.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms

# Widths of the WebP renditions; the largest is also the most we ever keep of a photo.
RENDITION_WIDTHS = (320, 480, 640, 960, 1280, 1600)
WEBP_QUALITY = 82

ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
# What turns a stored image upright, by EXIF orientation (as in ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass
class ProcessedRendition:
    width: int
    height: int
    data: bytes


@dataclass
class ProcessedImage:
    """The result of the pipeline: encoded WebP renditions, smallest first, nothing else."""

    renditions: list[ProcessedRendition] = field(default_factory=list)

    @property
    def largest(self):
        return self.renditions[-1]


def _shrink(image, orientation, target):
    """Resize so that the width, once turned upright, is `target` (no larger than needed)."""
    if image.mode in ("P", "1"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode.startswith("I"):
        # 16-bit grey: Pillow's own conversion clips every value above 255 to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    rotated = orientation in ROTATED
    upright_width = image.height if rotated else image.width
    if upright_width <= target:
        return image
    if rotated:
        size = (max(1, round(image.width * target / image.height)), target)
    else:
        size = (target, max(1, round(image.height * target / image.width)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _turn_upright(image, orientation):
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def _to_srgb(image):
    """RGB pixels in sRGB: colour profiles are converted, then dropped; transparency goes white."""
    icc = image.info.get("icc_profile")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        try:
            image = image.convert("RGB")
        except ValueError:
            raise ValidationError(
                "This image uses a colour format we cannot convert. Export it as an 8-bit "
                "RGB JPEG or PNG.",
                code="unsupported_mode",
            ) from None
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # A broken profile: keep the pixels as they are rather than refuse the photo.
    if image.mode in ("RGBA", "LA"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def resize(image, width):
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def rendition_widths(width):
    """The standard widths clearly below `width`, then `width` itself."""
    return [w for w in RENDITION_WIDTHS if w < width * 0.9] + [width]


def rendition(image):
    """`image`, at its size, as a rendition."""
    return ProcessedRendition(image.width, image.height, encode(image))


def encode(image):
    # A brand-new image holding only pixels: whatever `info` the source carried stays behind.
    fresh = Image.new("RGB", image.size)
    fresh.paste(image)
    buffer = io.BytesIO()
    fresh.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def make_renditions(image, orientation, target):
    """The WebP renditions of a decoded image, smallest first."""
    # One step per statement, so each larger image is released as soon as the next exists:
    # resizing before rotating means the rotation copies the small image, not the decoded one.
    image = _shrink(image, orientation, target)
    image = _turn_upright(image, orientation)
    # From here on only the (at most 1600 px wide) largest rendition is held, plus one smaller.
    largest = _to_srgb(image)
    del image
    return ProcessedImage(
        [
            rendition(largest if width == largest.width else resize(largest, width))
            for width in rendition_widths(largest.width)
        ]
    )
