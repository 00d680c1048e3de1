"""Draw the demo gallery's pictures: plainly drawings, never photo-like, each showing its case.

Usage: python scripts/draw_demo_illustrations.py [CASE_NUMBER ...]

Run once by whoever changes a picture; the PNGs are committed next to each demo/gallery/*/case.md
and `load_demo_content` sends them through the upload pipeline like any photo. Every picture a
case.md names ("<view>-<before|after>.png", views: rest, smile, open, closed) is drawn from the
person and the condition given below for that case number.

Sides are as the viewer sees them: the treated side is always on the right of the picture.
"""

import sys
import tomllib
from dataclasses import dataclass, replace
from math import cos, pi, sin
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

GALLERY = Path(__file__).resolve().parents[1] / "demo" / "gallery"
W, H = 800, 1000  # the PNG's size
S = 3  # drawn this many times larger, then scaled down for smooth edges


@dataclass(frozen=True)
class Person:
    """How one illustrated person looks: the same in every picture of their case."""

    skin: str
    hair: str
    background: str
    shirt: str
    hair_style: str  # short, receding, long, bob, curly, bun, bangs
    age: str = "adult"  # child, teen, young, adult, older
    lips: str = "#b5656a"
    eyes: str = "#4a6a78"


@dataclass(frozen=True)
class Face:
    """One expression. Lifts are in pixels (up is positive); eye openings 1 = relaxed."""

    mouth_left: float = 0.0  # lift of the mouth corner on the left of the picture
    mouth_right: float = 0.0
    smile: float = 0.0  # how far the lips part (0 closed, 1 broad smile)
    smile_right: float = 1.0  # share of the parting on the right half (0 = that half stays shut)
    eye_left: float = 1.0
    eye_right: float = 1.0
    right_eye_rolls_up: bool = False  # trying to close: only white shows (Bell's phenomenon)
    lower_lid_right: float = 0.0  # the lower lid sagging away from the eye
    brow_left: float = 0.0  # lift of the brow
    brow_right: float = 0.0
    hood_right: float = 0.0  # a heavy upper lid folding over the eye (0-1)
    fold_left: float = 1.0  # strength of the smile line beside the nose and mouth
    fold_right: float = 1.0
    cheek_left: float = 0.0  # rise of the cheek
    cheek_right: float = 0.0


SMILE = Face(
    mouth_left=34, mouth_right=34, smile=1, eye_left=0.72, eye_right=0.72,
    fold_left=1.8, fold_right=1.8, cheek_left=22, cheek_right=22,
)  # fmt: skip
# The right half of the picture's face does not move: it hangs at rest, stays still in a smile.
PARALYSED_REST = Face(mouth_right=-26, fold_right=0, eye_right=1.25, lower_lid_right=7,
                      brow_right=-14)  # fmt: skip
PARALYSED_SMILE = replace(
    SMILE, mouth_right=-30, smile_right=0, eye_right=1.25, lower_lid_right=7, fold_right=0,
    cheek_right=0, brow_right=-14,
)  # fmt: skip


def faces(condition, view, stage):
    """The Face for one picture of a case with this condition."""
    before = stage == "before"
    if condition == "paralysis":  # smile reanimation: the right side hangs, then moves again
        if view == "rest":
            return PARALYSED_REST if before else Face(mouth_right=-3, fold_right=0.8)
        return PARALYSED_SMILE if before else replace(SMILE, mouth_right=28, cheek_right=16)
    if condition == "sling":  # static support: level at rest (a sling adds no movement)
        return PARALYSED_REST if before else Face(mouth_right=-2, fold_right=0.7, brow_right=-14)
    if condition == "eye":  # the right eye cannot close; the mouth was not treated
        mouth = Face(mouth_right=-10, fold_right=0.4, brow_right=-6)
        if view == "open":
            return replace(
                mouth, eye_right=1.3 if before else 1.0, lower_lid_right=6 if before else 0
            )
        if before:
            return replace(mouth, eye_left=0, eye_right=0.55, right_eye_rolls_up=True)
        return replace(mouth, eye_left=0, eye_right=0)
    if condition == "synkinesis":  # the right eye narrows as the mouth moves; the cheek is tight
        if view == "rest":
            return Face(eye_right=0.62, fold_right=2.2) if before else Face(fold_right=1.1)
        if before:
            return replace(SMILE, eye_right=0.15, mouth_right=16, fold_right=2.6, smile_right=0.5)
        return replace(SMILE, eye_left=0.8, eye_right=0.8)
    if condition == "overactive":  # the healthy left side pulls too hard; Botox softens it
        if view == "rest":
            if before:
                return Face(mouth_left=14, mouth_right=-8, fold_left=1.6, fold_right=0.5)
            return Face(mouth_left=3, mouth_right=-2, fold_right=0.8)
        if before:
            return replace(SMILE, mouth_left=54, mouth_right=12, smile_right=0.45, fold_right=0.6,
                           cheek_right=6, cheek_left=30)  # fmt: skip
        return replace(SMILE, mouth_left=32, mouth_right=26, fold_right=1.3)
    if condition == "brow":  # the right brow sits low on a hooded lid; a lift raises it
        if before:
            return Face(brow_right=-40, hood_right=1, eye_right=0.7, fold_right=0.7)
        return Face(brow_right=-2, fold_right=0.8)
    raise ValueError(condition)


BROWN = "#5b4636"
PEOPLE = {
    # case number: (person, condition)
    8634: (Person("#f1c7a5", "#4a3426", "#dfe8ec", "#5c7c8a", "short"), "paralysis"),
    5172: (Person("#e0ac85", "#2b2b2b", "#e3ece3", "#3f6e5a", "long"), "eye"),
    2957: (
        Person("#8d5a3b", "#1e1a17", "#efe6da", "#7a5c8f", "curly", "young", "#6e3a3c", BROWN),
        "paralysis",
    ),
    7410: (Person("#eabf9b", "#b9b9b9", "#f1ece4", "#6a5a7a", "receding", "older"), "paralysis"),
    3385: (Person("#f5d0b5", "#b08a5a", "#e6e9f2", "#44546a", "long"), "synkinesis"),
    6021: (
        Person("#d9a47c", "#3a2a20", "#e4eef0", "#c0583c", "bangs", "child", eyes=BROWN),
        "paralysis",
    ),
    4768: (
        Person("#6f4630", "#17120f", "#ebe4ee", "#2f5d73", "bun", "adult", "#5a2f2f", BROWN),
        "overactive",
    ),
    9146: (
        Person("#a86f4c", "#d8d4cc", "#eef0e6", "#55705e", "receding", "older", eyes=BROWN),
        "brow",
    ),
    1593: (Person("#c68b62", "#6b4a2e", "#f2e8e1", "#a3402a", "bob", "teen", eyes=BROWN), "sling"),
}


# -- Geometry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """Where the features sit; a child's head is rounder, with the features lower and larger."""

    outline: tuple  # (x offset, y) of the right half of the face, top to chin
    eye_y: float
    eye_gap: float
    eye_w: float
    eye_h: float
    brow_y: float
    nose_y: float
    nose_w: float
    mouth_y: float
    mouth_w: float
    neck_w: float
    shoulder_w: float
    chin_y: float


ADULT = Build(
    outline=((0, 190), (112, 204), (170, 262), (190, 350), (190, 440), (180, 530), (158, 612),
             (112, 676), (52, 710), (0, 716)),
    eye_y=440, eye_gap=82, eye_w=44, eye_h=19, brow_y=382, nose_y=548, nose_w=34, mouth_y=625,
    mouth_w=68, neck_w=72, shoulder_w=340, chin_y=716,
)  # fmt: skip
CHILD = Build(
    outline=((0, 236), (128, 250), (196, 312), (222, 410), (220, 505), (200, 590), (158, 656),
             (96, 700), (0, 714)),
    eye_y=500, eye_gap=88, eye_w=44, eye_h=27, brow_y=438, nose_y=578, nose_w=22, mouth_y=638,
    mouth_w=48, neck_w=58, shoulder_w=250, chin_y=716,
)  # fmt: skip
TEEN = replace(ADULT, eye_h=21, nose_w=28, mouth_w=60, neck_w=62, shoulder_w=290)


def build(person):
    return {"child": CHILD, "teen": TEEN}.get(person.age, ADULT)


def _neck_length(person):
    return 34 if person.age == "child" else 70


def catmull(points, closed=False, steps=12):
    """A smooth curve through `points` (Catmull-Rom)."""
    pts = list(points)
    pts = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(steps):
            t = k / steps
            out.append(tuple(_catmull_at(p0[j], p1[j], p2[j], p3[j], t) for j in (0, 1)))
    if not closed:
        out.append(pts[-2])
    return out


def _catmull_at(a, b, c, d, t):
    return 0.5 * (
        2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t + (3 * b - a - 3 * c + d) * t**3
    )


def quad(p0, p1, p2, steps=30):
    """Points along a quadratic Bézier curve from p0 to p2, pulled towards p1."""
    return [
        (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1],
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def mix(a, b, t):
    """Blend two '#rrggbb' colours: t=0 gives a, t=1 gives b."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


class Canvas:
    """ImageDraw in the picture's own 800 x 1000 coordinates, drawn at S times the size."""

    ZOOM, CENTRE = 1.12, (W / 2, 470)  # the layout below, enlarged around the face

    def __init__(self, image):
        self.image = image
        self.draw = ImageDraw.Draw(image)

    @classmethod
    def _pts(cls, points):
        (ox, oy), z = cls.CENTRE, cls.ZOOM
        return [((ox + (x - ox) * z) * S, (oy + (y - oy) * z) * S) for x, y in points]

    def _box(self, centre, rx, ry):
        (x, y), z = self._pts([centre])[0], self.ZOOM * S
        return (x - rx * z, y - ry * z, x + rx * z, y + ry * z)

    def polygon(self, points, fill):
        self.draw.polygon(self._pts(points), fill=fill)

    def line(self, points, fill, width, caps=True):
        self.draw.line(
            self._pts(points), fill=fill, width=round(width * S * self.ZOOM), joint="curve"
        )
        if caps:
            for x, y in (points[0], points[-1]):
                self.ellipse((x, y), width / 2, width / 2, fill)

    def ellipse(self, centre, rx, ry, fill):
        self.draw.ellipse(self._box(centre, rx, ry), fill=fill)

    def soft(self, centre, rx, ry, colour, blur):
        """A blurred patch (a blush on the cheek)."""
        mask = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(mask).ellipse(self._box(centre, rx, ry), 150)
        mask = mask.filter(ImageFilter.GaussianBlur(blur * S))
        self.image.paste(Image.new("RGB", self.image.size, colour), mask=mask)

    def clipped(self, outline, paint):
        """Run `paint(canvas)` on a layer that only shows inside `outline`."""
        layer = Canvas(self.image.copy())
        paint(layer)
        mask = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(mask).polygon(self._pts(outline), fill=255)
        self.image.paste(layer.image, mask=mask)


FRECKLES = [(-118, 8), (-96, 22), (-132, 30), (-84, 4), (-108, 40), (-70, 28), (-30, 12),
            (30, 14), (70, 26), (86, 6), (100, 22), (120, 36), (132, 10), (106, 44)]  # fmt: skip

# How visible the lines beside the nose are in a face at rest (a smile shows them at any age).
REST_FOLDS = {"child": 0.0, "teen": 0.3, "young": 0.45, "adult": 0.55, "older": 1.0}


# -- Drawing ----------------------------------------------------------------------------------


def draw(person, face):
    b = build(person)
    c = Canvas(Image.new("RGB", (W * S, H * S), person.background))
    cx = W / 2
    shade = mix(person.skin, "#5a3a2a", 0.22)
    line = mix(person.skin, "#2a1c16", 0.62)
    c.ellipse((cx, 430), 330, 390, mix(person.background, "#ffffff", 0.4))

    _hair_behind(c, person, b)
    _body(c, person, b, shade)
    face_outline = [(cx + dx, y) for dx, y in b.outline]
    face_outline += [(cx - dx, y) for dx, y in reversed(b.outline[1:-1])]
    outline = catmull(face_outline, closed=True)
    for side in (-1, 1):  # ears
        c.ellipse((cx + side * (b.outline[4][0] + 4), b.eye_y + 62), 26, 50, shade)
    c.polygon(outline, person.skin)
    c.clipped(outline, lambda layer: _face(layer, person, face, b, shade, line))
    _hair_front(c, person, b)
    _label(c)
    return c.image.resize((W, H), Image.Resampling.LANCZOS)


def _body(c, person, b, shade):
    cx = W / 2
    top = b.chin_y + _neck_length(person)
    sw = b.shoulder_w
    shirt = catmull(
        [(cx - sw, H + 40), (cx - sw + 20, top + 90), (cx - sw + 110, top + 10), (cx, top - 10),
         (cx + sw - 110, top + 10), (cx + sw - 20, top + 90), (cx + sw, H + 40)],
        steps=10,
    )  # fmt: skip
    c.polygon(shirt, person.shirt)
    if person.age == "child":  # a striped T-shirt

        def stripes(layer):
            for y in range(round(top) + 50, H + 60, 50):
                layer.line([(cx - 400, y), (cx + 400, y)], mix(person.shirt, "#ffffff", 0.55), 16)

        c.clipped(shirt, stripes)
    neck = [(cx - b.neck_w, b.chin_y - 80), (cx + b.neck_w, b.chin_y - 80),
            (cx + b.neck_w + 6, top + 6), (cx, top + 40), (cx - b.neck_w - 6, top + 6)]  # fmt: skip
    c.polygon(neck, shade)
    nw = b.neck_w
    collar = catmull([(cx - nw - 6, top + 4), (cx, top + 44), (cx + nw + 6, top + 4)])
    collar += [(cx + nw + 30, top + 14), (cx, top + 62), (cx - nw - 30, top + 14)]
    c.polygon(collar, mix(person.shirt, "#000000", 0.15))


def _hair_behind(c, person, b):
    cx = W / 2
    top = b.outline[0][1]
    if person.hair_style == "long":
        c.polygon(
            catmull([(cx - 215, 820), (cx - 232, 420), (cx - 150, top - 10), (cx, top - 30),
                     (cx + 150, top - 10), (cx + 232, 420), (cx + 215, 820)]),
            person.hair,
        )  # fmt: skip
    elif person.hair_style == "bun":
        c.ellipse((cx, top - 40), 92, 80, person.hair)
    elif person.hair_style == "bob":
        c.polygon(
            catmull([(cx - 200, 650), (cx - 236, 560), (cx - 236, 400), (cx - 150, top - 10),
                     (cx, top - 30), (cx + 150, top - 10), (cx + 236, 400), (cx + 236, 560),
                     (cx + 200, 650)]),
            person.hair,
        )  # fmt: skip
    elif person.hair_style == "curly":
        for i in range(15):
            angle = pi * (0.95 + 1.1 * i / 14)
            x = cx + 205 * cos(angle)
            y = 360 + 230 * sin(angle)
            c.ellipse((x, y), 70, 70, person.hair)


def _hair_front(c, person, b):
    cx = W / 2
    top = b.outline[0][1]
    style = person.hair_style
    if style == "curly":
        for i in range(11):
            x = cx - 175 + i * 35
            y = top + 10 + abs(i - 5) ** 1.6 * 7
            c.ellipse((x, y), 58, 54, person.hair)
        return
    if style == "receding":  # high forehead, hair kept at the sides
        for side in (-1, 1):
            c.polygon(
                catmull([(cx + side * 120, top + 30), (cx + side * 185, top + 80),
                         (cx + side * 202, 360), (cx + side * 190, 420), (cx + side * 178, 330),
                         (cx + side * 150, top + 60)], closed=True),
                person.hair,
            )  # fmt: skip
        c.polygon(
            catmull([(cx - 130, top + 24), (cx, top - 12), (cx + 130, top + 24),
                     (cx + 60, top + 20), (cx, top + 14), (cx - 60, top + 20)], closed=True),
            person.hair,
        )  # fmt: skip
        return
    hairline = HAIRLINES[style]
    cap = _around_the_head(b, hairline[0][1]) + [(cx + dx, y) for dx, y in hairline]
    c.polygon(catmull(cap, closed=True, steps=8), person.hair)


# Where the hair meets the forehead, from the right temple to the left (x from the middle).
HAIRLINES = {
    "short": [(192, 395), (176, 318), (128, 268), (40, 258), (-60, 248), (-140, 272), (-178, 318),
              (-192, 395)],
    "long": [(204, 470), (170, 330), (100, 264), (0, 238), (-100, 264), (-170, 330), (-204, 470)],
    "bun": [(194, 372), (164, 292), (84, 254), (0, 244), (-84, 254), (-164, 292), (-194, 372)],
    "bangs": [(214, 450), (208, 372), (160, 354), (110, 366), (56, 352), (0, 364), (-56, 352),
              (-110, 366), (-160, 354), (-208, 372), (-214, 450)],
    "bob": [(206, 520), (176, 330), (90, 262), (-40, 236), (-110, 300), (-170, 350),
            (-206, 520)],
}  # fmt: skip


def _around_the_head(b, down_to, thickness=22):
    """The outline of the skull, a little outside the face, from the left temple over the top to
    the right one."""
    cx = W / 2
    right = []
    for dx, y in b.outline:
        if y > down_to:
            break
        vx, vy = dx, y - b.eye_y
        n = max(1.0, (vx * vx + vy * vy) ** 0.5)
        right.append((cx + dx + vx / n * thickness, y + vy / n * thickness))
    left = [(2 * cx - x, y) for x, y in reversed(right[1:])]
    return left + right


def _face(c, person, face, b, shade, line):
    cx = W / 2
    # Rosy cheeks: stronger on a child, fainter on dark skin where pink would look like a bruise.
    light = int(person.skin[1:3], 16) / 255
    blush = mix(person.skin, "#e86a78", (0.5 if person.age == "child" else 0.32) * light**2)
    for side, rise in ((-1, face.cheek_left), (1, face.cheek_right)):
        c.soft((cx + side * 112, b.nose_y + 6 - rise), 52, 34, blush, 16)
    if person.age == "older":
        for k in range(2):
            y = b.brow_y - 70 - 26 * k
            c.line(quad((cx - 95, y + 6), (cx, y - 10), (cx + 95, y + 6)), shade, 4)
    if person.age == "teen":  # freckles across the nose and cheeks
        for k, (dx, dy) in enumerate(FRECKLES):
            c.ellipse((cx + dx, b.nose_y - 44 + dy), 3.2 + k % 2, 3.2 + k % 2, shade)
    _eye(c, cx - b.eye_gap, b, face.eye_left, 0, False, 0, -1, line, shade, person)
    _eye(c, cx + b.eye_gap, b, face.eye_right, face.lower_lid_right, face.right_eye_rolls_up,
         face.hood_right, 1, line, shade, person)  # fmt: skip
    _brow(c, cx - b.eye_gap, b.brow_y - face.brow_left, -1, person, 0)
    _brow(c, cx + b.eye_gap, b.brow_y - face.brow_right, 1, person, -face.brow_right)
    for side, rise in ((-1, face.cheek_left), (1, face.cheek_right)):
        if rise > 8 and person.age != "child":  # a smiling cheek bunches up under the eye
            ex, ey = cx + side * b.eye_gap, b.eye_y + b.eye_h + 16
            c.line(quad((ex - 30, ey + 6), (ex, ey - 4), (ex + 30, ey + 6)), shade, 2 + rise / 10)
    _nose(c, person, b, shade, line)
    _folds(c, person, face, b, shade)
    _mouth(c, person, face, b, line)


def _brow(c, x, y, side, person, drop):
    """A brow; `drop` (px) flattens it and lowers its outer end, as a paralysed brow sags."""
    colour = mix(person.hair, "#2a2420", 0.6) if person.age == "older" else person.hair
    inner = (x - side * 40, y + 6)
    outer = (x + side * 54, y + 10 + drop * 0.8)
    peak = (x + side * 10, y - 18 + drop * 0.5)
    width = 9 if person.age == "child" else 13
    c.line(quad(inner, peak, outer), colour, width)


def _eye(c, x, b, opening, sag, rolls_up, hood, side, line, shade, person):
    y, w, h = b.eye_y, b.eye_w, b.eye_h
    if opening <= 0.02:  # closed: the lash line curves down
        c.line(quad((x - w, y), (x, y + 18), (x + w, y)), line, 5)
        for k in (-0.5, 0, 0.5):
            px = x + k * w
            c.line([(px, y + 8 - abs(k) * 6), (px + k * 6, y + 18)], line, 3)
        c.line(quad((x - w + 6, y - 14), (x, y - 26), (x + w - 6, y - 14)), shade, 3)
        return
    up = h * opening * (1.15 if opening > 1 else 1)
    low = h * min(opening, 1) * 0.85 + sag
    upper = quad((x - w, y), (x, y - 2 * up), (x + w, y), steps=24)
    lower = quad((x + w, y), (x, y + 2 * low), (x - w, y), steps=24)
    outline = upper + lower
    c.polygon(outline, "#fbfbf8")

    def iris(layer):
        r = h * 0.98
        iy = y - h * 2.2 if rolls_up else y - (up - h) * 0.3
        layer.ellipse((x, iy), r, r, person.eyes)
        layer.ellipse((x, iy), r * 0.45, r * 0.45, "#141414")
        layer.ellipse((x - r * 0.35, iy - r * 0.38), r * 0.2, r * 0.2, "#ffffff")

    c.clipped(outline, iris)
    c.line(upper, line, 6 if person.age != "child" else 5)
    c.line(lower, mix(line, "#ffffff", 0.35), 2.5)
    crease = y - min(2 * up, 2 * h) - 14  # under the brow even when the eye is wide open
    crease_colour = mix(person.skin, shade, 0.6 if person.age in ("adult", "older") else 0.25)
    c.line(
        quad((x - w + 8, y - up - 4), (x, crease - 6), (x + w - 8, y - up - 4)), crease_colour, 3
    )
    if hood:  # a fold of skin hanging over the upper lid, lowest at its outer end
        fold = quad((x - side * (w + 4), y - up - 10), (x + side * 18, y - up * (1 - hood)),
                    (x + side * (w + 10), y + 6 * hood), steps=24)  # fmt: skip
        above = quad((x + side * (w + 10), y - 44), (x, y - 60), (x - side * (w + 4), y - 44))
        c.polygon(fold + above, person.skin)
        c.line(fold, mix(shade, line, 0.5), 4.5)
    if person.age == "older":  # lines at the outer corner
        for k in (-1, 0, 1):
            c.line([(x + side * (w + 8), y + k * 9), (x + side * (w + 26), y + k * 15)], shade, 3)


def _nose(c, person, b, shade, line):
    cx, y, w = W / 2, b.nose_y, b.nose_w
    if person.age != "child":  # a child's nose is a small button with no visible bridge
        c.line(quad((cx - 10, b.eye_y + 10), (cx - 22, y - 40), (cx - w * 0.5, y - 6)), shade, 5)
    c.line(quad((cx - w, y - 10), (cx - w * 0.9, y + 12), (cx - w * 0.35, y + 10)), line, 4)
    c.line(quad((cx + w, y - 10), (cx + w * 0.9, y + 12), (cx + w * 0.35, y + 10)), line, 4)
    c.line(quad((cx - w * 0.35, y + 10), (cx, y + 18), (cx + w * 0.35, y + 10)), shade, 4)


def _corners(face, b):
    cx, y, w = W / 2, b.mouth_y, b.mouth_w
    out_l, out_r = max(0, face.mouth_left) * 0.35, max(0, face.mouth_right) * 0.35
    return (cx - w - out_l, y - face.mouth_left), (cx + w + out_r, y - face.mouth_right)


def _folds(c, person, face, b, shade):
    """Smile lines from beside the nose to beyond the mouth corner; a paralysed cheek has none."""
    cx = W / 2
    left, right = _corners(face, b)
    shown = REST_FOLDS[person.age] + (1 - REST_FOLDS[person.age]) * face.smile
    if person.age == "child":
        shown *= 0.6
    for side, strength, corner in ((-1, face.fold_left, left), (1, face.fold_right, right)):
        strength *= shown
        if strength <= 0.05:
            continue
        start = (cx + side * (b.nose_w + 14), b.nose_y - 6)
        end = (corner[0] + side * 16, corner[1] + 22)
        bend = (cx + side * (b.nose_w + 46 + 8 * strength), (start[1] + end[1]) / 2)
        colour = mix(person.skin, shade, min(1, 0.35 + 0.3 * strength))
        c.line(quad(start, bend, end), colour, 3 + 2.2 * strength)


def _mouth(c, person, face, b, line):
    my = b.mouth_y
    left, right = _corners(face, b)
    lip = person.lips
    steps = 40

    # Where the lips meet (the upper edge of the teeth in a smile) and the lower edge of the
    # parted lips, from the left corner to the right.
    meet, bottom = [], []
    for i in range(steps + 1):
        k = i / steps
        x = left[0] + (right[0] - left[0]) * k
        bow = 4 * k * (1 - k)  # 0 at the corners, 1 in the middle
        # Each corner pulls its own half of the lips up: a lifted corner curls, a still one
        # leaves its half flat.
        y = my - face.mouth_left * (1 - k) ** 2 - face.mouth_right * k**2 + bow * 5
        share = (1 - k) + k * face.smile_right  # how much this part of the mouth opens
        depth = face.smile * 36 * bow * share * (0.6 + 0.4 * share)
        meet.append((x, y))
        bottom.append((x, y + depth))
    lower_lip = [
        (x, y + 12 + 6 * 4 * (i / steps) * (1 - i / steps)) for i, (x, y) in enumerate(bottom)
    ]
    upper_lip = []
    for i, (x, y) in enumerate(meet):
        k = i / steps
        bow = 4 * k * (1 - k)
        dip = 4 * abs(k - 0.5) * (1 - abs(k - 0.5) * 2) * 4  # the two peaks of the cupid's bow
        upper_lip.append((x, y - bow * 12 - dip))
    c.polygon(meet + list(reversed(upper_lip)), lip)
    c.polygon(bottom + list(reversed(lower_lip)), mix(lip, "#ffffff", 0.12))
    if face.smile > 0:
        c.polygon(meet + list(reversed(bottom)), "#fdfcf8")
        pairs = list(zip(meet, bottom, strict=True))
        teeth_edge = [(x, y + (by - y) * 0.72) for (x, y), (_, by) in pairs]
        c.polygon(teeth_edge + list(reversed(bottom)), "#7a3b3b")  # the dark below the teeth
    c.line(meet, mix(lip, "#3a1a1a", 0.45), 3.5)


def _label(c):
    font = _font(26 * S)
    text = "Illustration"
    box = c.draw.textbbox((0, 0), text, font=font)
    pad, x0, y1 = 8 * S, 18 * S, (H - 18) * S
    y0 = y1 - (box[3] - box[1]) - 2 * pad
    c.draw.rounded_rectangle((x0, y0, x0 + box[2] - box[0] + 2 * pad, y1), 8 * S, "#ffffff")
    c.draw.text((x0 + pad - box[0], y0 + pad - box[1]), text, font=font, fill="#17232f")


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow built without FreeType: a fixed-size bitmap font
        return ImageFont.load_default()


def main(numbers):
    for case_file in sorted(GALLERY.glob("*/case.md")):
        head = case_file.read_text(encoding="utf-8").split("+++")[1]
        case = tomllib.loads(head)
        if numbers and case["number"] not in numbers:
            continue
        person, condition = PEOPLE[case["number"]]
        for pair in case["photos"]:
            for stage in ("before", "after"):
                name = pair[stage]
                view, _, rest = name.partition("-")
                assert rest == f"{stage}.png", f"{case_file}: name pictures <view>-{stage}.png"
                image = draw(person, faces(condition, view, stage))
                out = case_file.parent / name
                # 128 colours are plenty for flat drawings and keep each file small.
                image.quantize(128, dither=Image.Dither.NONE).save(out, optimize=True)
                print(f"{out.relative_to(GALLERY.parent.parent)}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main({int(n) for n in sys.argv[1:]})
