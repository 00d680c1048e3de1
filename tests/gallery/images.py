"""Real image files for the gallery tests, made with Pillow (and, where Pillow refuses to write
something malicious, by hand)."""

import hashlib
import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms


def stored_files(settings):
    """Every file under MEDIA_ROOT now, as names relative to it (as a FileField names them)."""
    return sorted(
        os.path.relpath(os.path.join(root, name), settings.MEDIA_ROOT)
        for root, _, files in os.walk(settings.MEDIA_ROOT)
        for name in files
    )


RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (30, 170, 60)
SECRET = "Patient Jane Doe"


def encode(image, fmt, **params):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def picture(size=(900, 600)):
    """An upright test picture: red top half with a green top-left corner, blue bottom half."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0], size[1] // 2))
    image.paste(GREEN, (0, 0, size[0] // 4, size[1] // 2))
    return image


def is_upright_picture(image):
    """True if `image` shows `picture()` the right way up and unmirrored (any size)."""
    image = image.convert("RGB")
    w, h = image.size

    def near(xy, colour):
        return all(abs(a - b) < 60 for a, b in zip(image.getpixel(xy), colour, strict=True))

    return (
        w > h
        and near((w // 8, h // 4), GREEN)
        and near((w * 7 // 8, h // 4), RED)
        and near((w // 2, h * 3 // 4), BLUE)
    )


def stored_sideways(orientation):
    """picture() stored so that EXIF `orientation` turns it upright again, with that tag."""
    undo = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }
    image = picture()
    if orientation in undo:
        image = image.transpose(undo[orientation])
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    return encode(image, "JPEG", quality=92, exif=exif)


def jpeg(size=(900, 600), **params):
    return encode(picture(size), "JPEG", quality=90, **params)


def png(size=(900, 600), mode="RGB"):
    return encode(picture(size).convert(mode), "PNG")


def webp(size=(900, 600)):
    return encode(picture(size), "WEBP", quality=90)


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def tainted_jpeg():
    """The issue's fixture: stored sideways with Orientation=6, GPS, camera make, XMP, an ICC
    profile and the comment "Patient Jane Doe". Upright, it is 900 x 600, red above blue."""
    stored = picture((900, 600)).transpose(Image.Transpose.ROTATE_90)  # 600 x 900, sideways
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R5"
    exif[ExifTags.Base.ImageDescription] = SECRET
    exif[ExifTags.Base.Artist] = SECRET
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (34.0, 8.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (118.0, 8.0, 41.0),
    }
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
        + SECRET.encode()
        + b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(stored, "JPEG", quality=92, exif=exif, xmp=xmp, comment=SECRET, icc_profile=icc)


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width=10_000, height=10_000):
    """A valid 1-bit PNG that declares width x height pixels but weighs about 12 KB."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def png_with_text(text):
    """A valid PNG carrying `text` in a tEXt chunk."""
    data = png()
    iend = data.rindex(b"IEND") - 4
    return data[:iend] + _png_chunk(b"tEXt", b"Comment\x00" + text) + data[iend:]


def gif():
    return encode(picture(), "GIF")


def animated_png():
    frames = [picture(), picture().transpose(Image.Transpose.FLIP_TOP_BOTTOM)]
    return encode(frames[0], "PNG", save_all=True, append_images=frames[1:])


def webp_chunks(data):
    """The RIFF chunk names of a WebP file."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names, pos = [], 12
    while pos + 8 <= len(data):
        name = data[pos : pos + 4]
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        names.append(name)
        pos += 8 + size + (size & 1)
    return names


def solid(size, fmt="PNG", mode="RGB", colour=None, **params):
    """A single-colour image: cheap to encode at any size, even 400 x 60000."""
    if colour is None:
        colour = {"1": 1, "L": 128, "LA": (128, 255), "I;16": 128 * 257}.get(mode, (200, 120, 40))
    if mode in ("P", "CMYK", "RGBA"):
        # One pixel converted, then enlarged: converting (P: quantizing) every pixel is slow.
        pixel = Image.new("RGB", (1, 1), colour)
        pixel = pixel.convert(mode, **({"palette": Image.Palette.ADAPTIVE} if mode == "P" else {}))
        image = pixel.resize(size, Image.Resampling.NEAREST)
    else:
        image = Image.new(mode, size, colour)
    return encode(image, fmt, **params)


def row_photo(width=800, height=1000):
    """A Photo with rendition rows but no files: enough for pages that only list URLs (fast)."""
    from gallery.models import Photo, Rendition

    photo = Photo.objects.create(width=width, height=height)
    Rendition.objects.bulk_create(
        [
            Rendition(
                photo=photo,
                width=w,
                height=round(height * w / width),
                file=f"gallery/{photo.key[:2]}/{photo.key}-{w}.webp",
            )
            for w in (320, 640, width)
        ]
    )
    return photo


_processed = {}


def processed(name, data, content_type="image/jpeg", kind=None):
    """`process_upload` of this file: the real pipeline, run once per process for each distinct
    file (the same bytes always give the same renditions), for tests that need a processed
    picture rather than test the processing."""
    from gallery import services

    kind = kind or services.PHOTO
    key = (name, content_type, hashlib.sha256(data).digest(), kind)
    if key not in _processed:
        _processed[key] = services.process_upload(upload(name, data, content_type), kind)
    return _processed[key]


def real_photo(data=None, name="photo.jpg"):
    """A Photo made by the real upload pipeline from a real image file, with files of its own."""
    from gallery import services

    return services.save_photo(processed(name, data or jpeg()))
