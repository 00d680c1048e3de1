"""Draw the demo provider's portrait and video poster, and make the short demonstration clip.

Usage: python scripts/draw_demo_provider.py  (needs Pillow; the clip also needs ffmpeg)

Run once by whoever changes them; the files are committed in demo/providers/<NN-slug>/ and
`load_demo_content` sends them through the same upload checks as staff uploads. They are plainly
drawings labelled as such: the demo's provider is a real surgeon, and no picture may pass for him.
The clip is silent, 8 seconds of captioned slides that say what it is.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FOLDER = Path(__file__).resolve().parents[1] / "demo" / "providers" / "01-andre-panossian"
S = 3  # drawn this many times larger, then scaled down for smooth edges

TEAL = "#0f4c5c"
TEAL_DARK = "#0a3540"
TEAL_SOFT = "#e6f0f1"
SKIN = "#c99a78"
SKIN_SHADE = "#b3825f"
HAIR = "#3a2c26"
COAT = "#fbfbf8"
COAT_SHADE = "#dfe4e3"
SCRUBS = "#2f6f7e"
INK = "#17232f"


def _font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)
    except OSError:
        return ImageFont.load_default(size)


def _gradient(width, height, top, bottom):
    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    a, b = (
        Image.new("RGB", (1, 1), top).getpixel((0, 0)),
        Image.new("RGB", (1, 1), bottom).getpixel((0, 0)),
    )
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))
        )
    return image


def _figure(draw, cx, top, scale):
    """A figure in a white coat, head and shoulders, centred on cx. Units are scaled."""

    def p(x, y):
        return (cx + x * scale, top + y * scale)

    def box(x0, y0, x1, y1):
        return [p(x0, y0), p(x1, y1)]

    # Shoulders and coat.
    draw.rounded_rectangle(box(-260, 470, 260, 900), radius=150 * scale, fill=COAT)
    draw.polygon([p(-70, 470), p(70, 470), p(0, 640)], fill=SCRUBS)  # V-neck of the scrubs
    draw.polygon([p(-70, 470), p(-125, 480), p(-20, 700), p(0, 640)], fill=COAT_SHADE)  # lapels
    draw.polygon([p(70, 470), p(125, 480), p(20, 700), p(0, 640)], fill=COAT_SHADE)
    draw.line([p(-20, 700), p(-40, 900)], fill=COAT_SHADE, width=round(6 * scale))
    # A stethoscope over the shoulders.
    draw.arc(box(-150, 430, 150, 760), start=200, end=340, fill=INK, width=round(9 * scale))
    draw.line([p(-140, 560), p(-150, 700)], fill=INK, width=round(9 * scale))
    draw.ellipse(box(-180, 690, -120, 750), fill="#8a9aa5", outline=INK, width=round(5 * scale))
    # A pocket with a pen.
    draw.rectangle(box(120, 650, 200, 700), outline=COAT_SHADE, width=round(5 * scale))
    draw.rectangle(box(150, 620, 162, 660), fill=TEAL)
    # Neck.
    draw.rounded_rectangle(box(-55, 360, 55, 500), radius=30 * scale, fill=SKIN_SHADE)
    # Ears, head and hair.
    draw.ellipse(box(-150, 200, -105, 290), fill=SKIN_SHADE)
    draw.ellipse(box(105, 200, 150, 290), fill=SKIN_SHADE)
    draw.ellipse(box(-125, 60, 125, 410), fill=SKIN)
    draw.chord(box(-132, 45, 132, 300), start=180, end=360, fill=HAIR)
    # A fringe swept to one side, and short sideburns that taper.
    draw.polygon([p(-130, 168), p(-80, 200), p(-10, 182), p(60, 168), p(128, 192), p(130, 165)],
                 fill=HAIR)  # fmt: skip
    draw.polygon([p(-130, 165), p(-112, 170), p(-114, 252), p(-124, 244)], fill=HAIR)
    draw.polygon([p(130, 165), p(112, 170), p(114, 252), p(124, 244)], fill=HAIR)
    # Face: brows, eyes, nose, a calm smile.
    for side in (-1, 1):
        draw.line([p(side * 30, 205), p(side * 80, 198)], fill=HAIR, width=round(9 * scale))
        draw.ellipse(box(side * 55 - 11, 228, side * 55 + 11, 246), fill=INK)
    draw.line([p(0, 240), p(-12, 300), p(8, 306)], fill=SKIN_SHADE, width=round(6 * scale))
    draw.arc(box(-48, 300, 48, 352), start=20, end=160, fill="#7a3a35", width=round(9 * scale))


def _label(draw, x, y, text, size):
    font = _font(size, bold=True)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    pad = size // 2
    draw.rounded_rectangle(
        [x, y, x + right - left + 2 * pad, y + bottom - top + 2 * pad], radius=pad, fill=TEAL_DARK
    )
    draw.text((x + pad - left, y + pad - top), text, font=font, fill="white")


def portrait():
    width, height = 800, 1000
    image = _gradient(width * S, height * S, TEAL_SOFT, "#c9dee2")
    draw = ImageDraw.Draw(image)
    draw.ellipse([-200 * S, 620 * S, 1000 * S, 1500 * S], fill="#d6e6e9")
    _figure(draw, width * S / 2, 140 * S, S)
    _label(draw, 32 * S, 32 * S, "Illustration", 30 * S)
    return image.resize((width, height), Image.Resampling.LANCZOS)


def slide(width, height, title, line, step=0.0, scale=S):
    """One frame of the poster or clip: a title, a line of text and the drawn figure."""
    image = _gradient(width * scale, height * scale, TEAL, TEAL_DARK)
    draw = ImageDraw.Draw(image)
    unit = height * scale / 720
    draw.ellipse(
        [width * scale * 0.58, height * scale * 0.1, width * scale * 1.1, height * scale * 1.3],
        fill="#175d6e",
    )
    _figure(draw, width * scale * 0.8, height * scale * 0.16, unit * 0.62)
    x = round(64 * unit)
    _label(draw, x, round(56 * unit), "Demonstration", round(24 * unit))
    draw.text((x, round(250 * unit)), title, font=_font(round(58 * unit), bold=True), fill="white")
    words, lines, current = line.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=_font(round(30 * unit))) > width * scale * 0.5:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    for index, text in enumerate(lines):
        draw.text(
            (x, round((350 + index * 44) * unit)),
            text,
            font=_font(round(30 * unit)),
            fill="#dcebee",
        )
    # A thin bar that grows through the clip (a little movement, so it reads as a film).
    if step:
        draw.rectangle(
            [x, round(600 * unit), x + round(420 * unit * step), round(608 * unit)],
            fill="#e8a08e",
        )
    return image.resize((width, height), Image.Resampling.LANCZOS)


POSTER = ("Demonstration clip", "Stands in for the practice's own film about the surgeon.")
SLIDES = [
    POSTER,
    ("A sample video", "A live site plays its own film about the surgeon in this place."),
    ("Played by this site", "The video comes from this website: no video service is contacted."),
]


def clip(target):
    if not shutil.which("ffmpeg"):
        sys.exit("ffmpeg is needed for the clip: apt-get install ffmpeg")
    fps, seconds = 12, 8
    frames = fps * seconds
    with tempfile.TemporaryDirectory() as folder:
        for n in range(frames):
            title, line = SLIDES[min(len(SLIDES) - 1, n * len(SLIDES) // frames)]
            slide(640, 360, title, line, step=n / (frames - 1), scale=2).save(
                f"{folder}/{n:04d}.png"
            )
        subprocess.run(
            [
                "ffmpeg", "-y", "-loglevel", "error", "-framerate", str(fps),
                "-i", f"{folder}/%04d.png", "-c:v", "libx264", "-profile:v", "main",
                "-preset", "veryslow", "-crf", "30", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", "-an", str(target),
            ],
            check=True,
        )  # fmt: skip


def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    portrait().quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
        FOLDER / "portrait.png", optimize=True
    )
    slide(1280, 720, *POSTER).quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
        FOLDER / "poster.png", optimize=True
    )
    clip(FOLDER / "clip.mp4")
    for name in ("portrait.png", "poster.png", "clip.mp4"):
        print(name, (FOLDER / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
