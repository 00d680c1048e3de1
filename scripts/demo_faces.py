"""How the demo's illustrated people are drawn: the build of a face, then body, hair, face,
eyes, nose, mouth and the "Illustration" label, for one person with one expression."""

from dataclasses import dataclass, replace
from math import cos, pi, sin

from demo_canvas import Canvas, H, S, W, catmull, mix, quad
from PIL import Image, ImageFont

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
