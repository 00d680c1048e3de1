"""The practice's typographic mark and its share card, drawn from the profile.

Until staff upload a logo, the header shows the practice's initials in a circle beside its name:
a plain typographic mark, nothing that pretends to be a face. The share card (`og:image`,
1200 × 630) is drawn from the same profile, so renaming the practice renames the card.
"""

import hashlib
import io
import re
import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SHARE_SIZE = (1200, 630)
BRAND = (15, 76, 92)  # --color-brand
BRAND_STRONG = (10, 53, 64)  # --color-brand-strong
PALE = (227, 236, 238)
WHITE = (255, 255, 255)
ACCENT = (163, 64, 42)  # --color-accent

# Debian's fonts-dejavu-core (Makefile: system-deps). Without it, Pillow's own scalable font.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_TITLES = re.compile(r"^(dr|doctor|prof|professor|mr|mrs|ms)\.?$", re.IGNORECASE)


def monogram(name):
    """Initials for the mark: "Andre Panossian, MD Plastic Surgery" → "AP"."""
    words = [w for w in re.split(r"[\s\-]+", name.split(",")[0]) if w and not _TITLES.match(w)]
    letters = [w[0] for w in words if w[0].isalpha()]
    return "".join(letters[:2]).upper()


@lru_cache(maxsize=16)
def _font(name, size):
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def card_version(practice, location, logo_key=""):
    """A short hash of everything the card shows: its address changes when the card does."""
    parts = (
        practice.practice_name,
        practice.tagline,
        practice.phone,
        location.city if location else "",
        logo_key,
    )
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).hexdigest()


def _wrap(draw, text, font, width):
    """Lines of `text` no wider than `width` pixels."""
    for chars in range(80, 8, -2):
        lines = textwrap.wrap(text, chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            return lines
    return textwrap.wrap(text, 8)


def share_card_png(practice, location, logo=None):
    """The share card as PNG bytes. `logo` is an RGB PIL image (the uploaded logo) or None."""
    image = Image.new("RGB", SHARE_SIZE, BRAND)
    draw = ImageDraw.Draw(image)
    width, height = SHARE_SIZE
    # A quiet band along the bottom for the place and the number.
    draw.rectangle([0, height - 120, width, height], fill=BRAND_STRONG)
    draw.rectangle([80, 96, 86, 330], fill=ACCENT)
    x = 120
    if logo is not None:
        logo = logo.copy()
        logo.thumbnail((420, 110))
        pad = 18
        draw.rounded_rectangle(
            [x, 60, x + logo.width + 2 * pad, 60 + logo.height + 2 * pad], radius=14, fill=WHITE
        )
        image.paste(logo, (x + pad, 60 + pad))
        top = 60 + logo.height + 2 * pad + 36
    else:
        letters = monogram(practice.practice_name)
        draw.ellipse([x, 80, x + 96, 176], fill=WHITE)
        font = _font("DejaVuSerif-Bold.ttf", 44)
        draw.text((x + 48, 128), letters, font=font, fill=BRAND, anchor="mm")
        top = 210
    name_font = _font("DejaVuSerif-Bold.ttf", 58)
    for line in _wrap(draw, practice.practice_name, name_font, width - x - 80)[:2]:
        draw.text((x, top), line, font=name_font, fill=WHITE)
        top += 72
    if practice.tagline:
        tag_font = _font("DejaVuSans.ttf", 32)
        for line in _wrap(draw, practice.tagline, tag_font, width - x - 80)[:2]:
            draw.text((x, top + 10), line, font=tag_font, fill=PALE)
            top += 44
    footer = "  ·  ".join(
        part for part in ((location.city if location else ""), practice.phone) if part
    )
    if footer:
        draw.text(
            (x, height - 60), footer, font=_font("DejaVuSans-Bold.ttf", 34), fill=WHITE, anchor="lm"
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
