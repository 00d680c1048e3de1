"""Draw the demo location's map: a schematic of central Pasadena, honest about what it is.

    .venv/bin/python scripts/draw_demo_map.py    (writes demo/locations/maps/pasadena.png)

Run by hand, like scripts/draw_demo_illustrations.py; the PNG is committed and the demo loader
sends it through the same upload pipeline as a map staff upload. It is a diagram, not a survey:
the freeways, the Metro A Line with three of its stations, Colorado Boulevard and Lake Avenue in
their rough relation to each other, and the demo's sample location marked as a sample. It says
"not to scale" on its face. A real practice uploads a real map image of its own.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "demo" / "locations" / "maps" / "pasadena.png"
W, H = 1200, 800
FONTS = Path("/usr/share/fonts/truetype/dejavu")

# In hex like site.css; INK, MUTED, BRAND and ACCENT are its --color-ink, -muted, -brand, -accent.
LAND = "#f6f4ee"
PARK = "#ddead6"
WATER = "#d6e6ee"
FREEWAY = "#e6a83c"
FREEWAY_EDGE = "#b0741e"
STREET = "#ffffff"
STREET_EDGE = "#c8c4ba"
RAIL = "#a87828"
INK = "#17232f"
MUTED = "#4b5b69"
BRAND = "#0f4c5c"
ACCENT = "#a3402a"


def font(name, size):
    try:
        return ImageFont.truetype(str(FONTS / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def road(draw, points, fill, edge, width):
    draw.line(points, fill=edge, width=width + 6, joint="curve")
    draw.line(points, fill=fill, width=width, joint="curve")


def shield(draw, xy, number):
    x, y = xy
    draw.rounded_rectangle([x - 36, y - 22, x + 36, y + 22], radius=8, fill=BRAND)
    draw.text((x, y), number, font=font("DejaVuSans-Bold.ttf", 26), fill=STREET, anchor="mm")


def label(draw, xy, text, size=22, fill=INK, anchor="la", bold=False):
    face = font("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    x, y = xy
    box = draw.textbbox((x, y), text, font=face, anchor=anchor)
    draw.rectangle([box[0] - 4, box[1] - 3, box[2] + 4, box[3] + 3], fill=LAND)
    draw.text((x, y), text, font=face, fill=fill, anchor=anchor)


def station(draw, xy, name, anchor):
    x, y = xy
    draw.ellipse([x - 11, y - 11, x + 11, y + 11], fill=STREET, outline=RAIL, width=5)
    label(draw, (x + (18 if anchor.startswith("l") else -18), y), name, 28, MUTED, anchor)


def main():
    image = Image.new("RGB", (W, H), LAND)
    draw = ImageDraw.Draw(image)

    # The Arroyo Seco and its park along the west side.
    draw.polygon([(120, 0), (250, 0), (230, 260), (205, 520), (150, 800), (60, 800)], fill=PARK)
    draw.line([(190, 0), (175, 260), (160, 520), (110, 800)], fill=WATER, width=14)
    label(draw, (40, 150), "Arroyo Seco", 28, MUTED)

    # Streets: Colorado Boulevard (east-west) and Lake Avenue (north-south).
    road(draw, [(0, 430), (1200, 430)], STREET, STREET_EDGE, 14)
    road(draw, [(760, 0), (760, 800)], STREET, STREET_EDGE, 14)
    label(draw, (950, 452), "Colorado Blvd", 28, MUTED)
    label(draw, (778, 700), "Lake Ave", 28, MUTED)

    # Freeways: the 210 from the north-west, turning east north of Colorado Boulevard; the 134
    # from the west, joining it; the 710 stub from the south.
    road(
        draw, [(230, 0), (300, 200), (340, 300), (420, 330), (1200, 330)], FREEWAY, FREEWAY_EDGE, 18
    )
    road(draw, [(0, 360), (200, 350), (340, 300)], FREEWAY, FREEWAY_EDGE, 18)
    road(draw, [(400, 800), (400, 560), (390, 470)], FREEWAY, FREEWAY_EDGE, 18)
    shield(draw, (260, 80), "210")
    shield(draw, (80, 395), "134")
    shield(draw, (450, 700), "710")
    shield(draw, (1080, 300), "210")

    # The Metro A Line: from the south-west through three stations, then in the 210's median.
    rail = [(250, 800), (470, 560), (560, 400), (600, 330), (1200, 330)]
    draw.line(rail, fill=RAIL, width=6, joint="curve")
    station(draw, (470, 560), "Del Mar", "lm")
    station(draw, (560, 400), "Memorial Park", "rm")
    station(draw, (760, 330), "Lake", "lb")
    label(draw, (20, 750), "Metro A Line to Los Angeles", 28, RAIL)

    # The sample location, plainly marked as one.
    x, y = 640, 470
    draw.ellipse([x - 26, y - 26, x + 26, y + 26], fill=ACCENT, outline=STREET, width=5)
    draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=STREET)
    label(draw, (x + 40, y + 36), "Sample location", 36, ACCENT, bold=True)
    label(draw, (x + 40, y + 82), "(demonstration)", 28, ACCENT)

    # North arrow, title and the honest caption.
    draw.polygon([(1130, 70), (1115, 120), (1145, 120)], fill=INK)
    label(draw, (1130, 135), "N", 30, INK, "mt", bold=True)
    draw.rectangle([0, 0, W, 64], fill=BRAND)
    draw.text(
        (24, 32), "Central Pasadena", font=font("DejaVuSans-Bold.ttf", 34), fill=STREET, anchor="lm"
    )
    draw.text(
        (W - 24, 32),
        "Schematic, not to scale",
        font=font("DejaVuSans.ttf", 28),
        fill=STREET,
        anchor="rm",
    )

    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUT, optimize=True)
    print(f"{OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
