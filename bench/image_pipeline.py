"""Wall time and peak memory of the gallery upload pipeline on a 24-megapixel photo.

    .venv/bin/python bench/image_pipeline.py [--runs 3] [--keep]

Generates a photo-like 6000 x 4000 JPEG (gradients, grain and shapes, stored sideways with EXIF
Orientation 6, as phones do) and runs `gallery.services.process_upload()` on it, each run in a
fresh Python process so that the peak resident set size (ru_maxrss) belongs to that run alone.
For comparison it also runs the same JPEG with draft mode switched off, and a 24-megapixel PNG
(a format that cannot be decoded at reduced scale).

Figures printed per variant: median wall time; peak RSS (VmHWM, reset just before processing)
above the process's baseline (Django imported, upload bytes read), also in full-size decoded
copies of the image (6000 x 4000 x 4 bytes = 91.6 MB, Pillow's in-memory RGB layout); and
tracemalloc's peak. tracemalloc sees only Python allocations (the upload's bytes, the encoded WebP
outputs): Pillow's pixel buffers are allocated in C and show up in RSS, not there.

Target (issue 4): the pipeline holds no more than a few decoded copies at once; the draft-mode
JPEG path must stay under 3 full-size copies. Exit status 1 if it does not.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 6000, 4000
FULL_COPY = WIDTH * HEIGHT * 4
TARGET_COPIES = 3


def make_photo():
    """24-megapixel RGB pictures: smooth (for the PNG), and with grain to compress like a photo."""
    from PIL import Image, ImageDraw, ImageFilter

    size = (WIDTH, HEIGHT)
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.linear_gradient("L").rotate(90).resize(size)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 977) % WIDTH, (i * 613) % HEIGHT
        draw.ellipse(
            (x, y, x + 300 + i * 20, y + 200 + i * 15),
            fill=((i * 53) % 256, (i * 97) % 256, (i * 31) % 256),
        )
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(size, 40).convert("RGB")  # about 9 MB at quality 90, like a camera
    return image, Image.blend(image, grain, 0.25)


def write_inputs(folder):
    from PIL import ExifTags, Image

    smooth, photo = make_photo()
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Bench camera"
    jpeg = folder / "photo-24mp.jpg"
    photo.save(jpeg, "JPEG", quality=90, exif=exif)
    png = folder / "photo-24mp.png"
    smooth.save(png, "PNG", compress_level=6)
    return jpeg, png


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def reset_peak_rss():
    """Resets the peak RSS to the current RSS and returns it (Linux; see proc(5), clear_refs).

    ru_maxrss cannot serve here: Linux carries it over from the parent across fork and exec.
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_rss():
    return _status("VmHWM")


def child(path, draft, trace):
    """Runs once in a fresh process and prints one JSON line of measurements."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.test")
    import django

    django.setup()
    import tracemalloc

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import JpegImagePlugin

    from gallery import services

    if not draft:
        JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None
    data = Path(path).read_bytes()
    upload = SimpleUploadedFile(Path(path).name, data)
    baseline = reset_peak_rss()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = services.process_upload(upload)
    wall = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    peak = peak_rss()
    print(
        json.dumps(
            {
                "wall": wall,
                "rss_above_baseline": peak - baseline,
                "rss_peak": peak,
                "tracemalloc_peak": traced,
                "input_bytes": len(data),
                "renditions": [(r.width, r.height, len(r.data)) for r in result.renditions],
            }
        )
    )


def measure(path, draft, runs):
    def run(trace):
        command = [sys.executable, __file__, "--child", str(path)]
        command += [] if draft else ["--no-draft"]
        command += ["--trace"] if trace else []
        out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        return json.loads(out.stdout.strip().splitlines()[-1])

    timed = [run(trace=False) for _ in range(runs)]
    traced = run(trace=True)
    return {
        "wall": statistics.median(r["wall"] for r in timed),
        "rss": max(r["rss_above_baseline"] for r in timed),
        "rss_peak": max(r["rss_peak"] for r in timed),
        "tracemalloc": traced["tracemalloc_peak"],
        "input_bytes": timed[0]["input_bytes"],
        "renditions": timed[0]["renditions"],
    }


def mb(n):
    return f"{n / 1_048_576:.1f} MB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated images")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-draft", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, draft=not args.no_draft, trace=args.trace)
        return 0

    folder = Path(tempfile.mkdtemp(prefix="image-pipeline-"))
    jpeg, png = write_inputs(folder)
    variants = [
        ("JPEG, pipeline as shipped (draft mode)", jpeg, True),
        ("JPEG, draft mode switched off", jpeg, False),
        ("PNG of the same size (no draft possible)", png, True),
    ]
    print(
        f"Gallery image pipeline: {WIDTH} x {HEIGHT} = {WIDTH * HEIGHT / 1e6:.0f} megapixels, "
        f"{args.runs} runs per variant, each in a fresh process"
    )
    print(f"One full-size decoded copy in memory: {mb(FULL_COPY)}\n")
    results = {}
    for label, path, draft in variants:
        r = measure(path, draft, args.runs)
        results[label] = r
        print(f"{label}")
        print(f"  input file            {mb(r['input_bytes'])}")
        print(f"  wall time (median)    {r['wall']:.2f} s")
        print(
            f"  peak RSS above start  {mb(r['rss'])} = {r['rss'] / FULL_COPY:.2f} full-size "
            f"copies (process peak {mb(r['rss_peak'])})"
        )
        print(f"  tracemalloc peak      {mb(r['tracemalloc'])} (Python objects only)")
    shipped = results[variants[0][0]]
    print(
        "\nRenditions (WebP): "
        + ", ".join(f"{w}x{h} {size / 1024:.0f} KB" for w, h, size in shipped["renditions"])
    )
    copies = shipped["rss"] / FULL_COPY
    ok = copies < TARGET_COPIES
    print(
        f"Target: under {TARGET_COPIES} full-size copies on the JPEG path: "
        f"{'met' if ok else 'MISSED'} ({copies:.2f})."
    )
    if args.keep:
        print(f"Inputs kept in {folder}")
    else:
        for path in (jpeg, png):
            path.unlink()
        folder.rmdir()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
