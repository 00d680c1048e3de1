"""Drawn face illustrations for the demonstration gallery: plainly drawings, never photos.

Each picture is a simple stylised face, labelled "Illustration", showing the kind of change a
treatment aims at (a drooping mouth corner that lifts, an eye that learns to close again). The
demo loader runs them through the same upload pipeline as real photos.
"""

import io
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 1000
SCALE = 2  # drawn at twice the size and scaled down, for smooth edges


@dataclass(frozen=True)
class Look:
    """How one illustrated person looks: the same in every picture of their case."""

    skin: str
    shade: str
    hair: str
    background: str
    shirt: str
    hair_style: str = "short"  # short, long, bun, curly
    child: bool = False


@dataclass(frozen=True)
class Expression:
    """The face in one picture. 'Right' is the viewer's right: the affected side."""

    droop: float = 0.0  # how far the right mouth corner and cheek sag at rest (0-1)
    smile_left: float = 0.0  # lift of the left mouth corner (0 rest, 1 full smile)
    smile_right: float = 0.0  # lift of the right mouth corner
    eye_left: float = 1.0  # eye opening, 1 = normal
    eye_right: float = 1.0
    brow_right_drop: float = 0.0  # how much lower the right brow sits (0-1)
    fold_right: float = 1.0  # strength of the right smile line (0 = flat cheek)


def expression(view, stage, *, condition="paralysis"):
    """The expression for a view ('rest', 'smile', 'closed') before or after treatment."""
    before = stage == "before"
    if condition == "synkinesis":
        # The eye narrows when the mouth moves; after treatment it stays open.
        if view == "smile":
            return Expression(
                smile_left=0.9,
                smile_right=0.35 if before else 0.7,
                eye_right=0.35 if before else 0.9,
                fold_right=1.4 if before else 1,
            )
        return Expression(
            droop=0.0, eye_right=0.65 if before else 0.95, fold_right=1.6 if before else 1.1
        )
    if condition == "overactive":
        # The healthy side pulls too hard; treatment softens it for balance.
        if view == "smile":
            return Expression(
                smile_left=1.2 if before else 0.8,
                smile_right=0.45 if before else 0.6,
                fold_right=0.6,
            )
        return Expression(
            smile_left=0.25 if before else 0.05, droop=0.25 if before else 0.1, fold_right=0.6
        )
    if condition == "brow":
        return Expression(
            brow_right_drop=1.0 if before else 0.1,
            eye_right=0.8 if before else 1,
            droop=0.15 if before else 0.1,
            fold_right=0.5,
        )
    if condition == "eye":
        if view == "closed":
            return Expression(
                eye_left=0.0, eye_right=0.45 if before else 0.05, droop=0.3, fold_right=0.4
            )
        return Expression(eye_right=1.35 if before else 1.05, droop=0.3, fold_right=0.4)
    # Paralysis: the right side hangs at rest and does not lift when smiling.
    if view == "smile":
        return Expression(
            smile_left=0.95,
            smile_right=-0.1 if before else 0.75,
            droop=0.6 if before else 0.1,
            eye_right=1.2 if before else 0.95,
            fold_right=0.0 if before else 0.9,
            brow_right_drop=0.4 if before else 0.1,
        )
    return Expression(
        droop=1.0 if before else 0.25,
        eye_right=1.25 if before else 1.0,
        fold_right=0.0 if before else 0.6,
        brow_right_drop=0.6 if before else 0.15,
    )


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow built without FreeType: fixed-size bitmap font
        return ImageFont.load_default()


def _quad(p0, p1, p2, steps=24):
    """Points along a quadratic Bézier curve from p0 to p2, pulled towards p1."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0]
        y = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1]
        points.append((x, y))
    return points


def draw_face(look, face, label="Illustration"):
    """A stylised head-and-shoulders portrait as an RGB image of WIDTH x HEIGHT pixels."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    image = Image.new("RGB", (w, h), look.background)
    d = ImageDraw.Draw(image)
    s = w / 1600  # canvas unit: the layout below is measured on a 1600 x 2000 canvas
    u = s * (1.1 if look.child else 1.27)  # face unit: features scale with the head

    # A soft light patch behind the head.
    d.ellipse((w * 0.08, h * 0.04, w * 0.92, h * 0.80), fill=_mix(look.background, "#ffffff", 0.35))

    cx = w / 2
    head_w, head_h = 370 * u, (470 if look.child else 500) * u
    top = (300 if look.child else 150) * s
    head = (cx - head_w, top, cx + head_w, top + 2 * head_h)
    mid_y = top + head_h
    chin = top + 2 * head_h

    # Shoulders, neck, long hair behind the head.
    shoulder_w = (560 if look.child else 700) * s
    d.rounded_rectangle(
        (cx - shoulder_w, chin + 150 * s, cx + shoulder_w, h + 300 * s),
        radius=260 * s,
        fill=look.shirt,
    )
    d.rectangle((cx - 150 * u, mid_y + 250 * u, cx + 150 * u, chin + 200 * s), fill=look.shade)
    d.ellipse((cx - 150 * u, chin + 60 * s, cx + 150 * u, chin + 260 * s), fill=look.shade)
    if look.hair_style == "long":
        d.rounded_rectangle(
            (cx - head_w - 45 * u, top + 40 * u, cx + head_w + 45 * u, mid_y + 440 * u),
            radius=200 * u,
            fill=look.hair,
        )
    if look.hair_style == "bun":
        d.ellipse((cx - 150 * u, top - 150 * u, cx + 150 * u, top + 120 * u), fill=look.hair)

    # Ears, head.
    for side in (-1, 1):
        ex = cx + side * (head_w - 10 * u)
        d.ellipse((ex - 55 * u, mid_y - 60 * u, ex + 55 * u, mid_y + 120 * u), fill=look.shade)
    d.ellipse(head, fill=look.skin)

    # Hair on top.
    if look.hair_style == "curly":
        for i in range(11):
            x = cx - head_w + 40 * u + i * (2 * head_w - 80 * u) / 10
            y = top + 70 * u + abs(i - 5) * 22 * u
            d.ellipse((x - 95 * u, y - 95 * u, x + 95 * u, y + 95 * u), fill=look.hair)
    else:
        d.chord(
            (head[0] - 12 * u, head[1] - 20 * u, head[2] + 12 * u, head[1] + 420 * u),
            180,
            360,
            fill=look.hair,
        )
        d.polygon(
            [
                (cx - head_w + 10 * u, top + 200 * u),
                (cx - 60 * u, top + 185 * u),
                (cx + head_w - 10 * u, top + 215 * u),
                (cx + head_w, top + 130 * u),
                (cx - head_w, top + 130 * u),
            ],
            fill=look.hair,
        )

    eye_y = mid_y - 40 * u
    gap = 160 * u
    line = _mix(look.shade, "#2b2b2b", 0.55)
    _brow(d, cx - gap, eye_y - 95 * u, 1, 0, u, look.hair)
    _brow(
        d,
        cx + gap,
        eye_y - 95 * u + face.brow_right_drop * 38 * u,
        -1,
        face.brow_right_drop,
        u,
        look.hair,
    )
    _eye(d, cx - gap, eye_y, face.eye_left, u, line)
    _eye(d, cx + gap, eye_y + face.droop * 10 * u, face.eye_right, u, line)

    # Nose.
    d.line(
        _quad(
            (cx - 8 * u, eye_y + 30 * u),
            (cx - 40 * u, eye_y + 170 * u),
            (cx + 18 * u, eye_y + 185 * u),
        ),
        fill=look.shade,
        width=int(10 * u),
        joint="curve",
    )

    mouth_y = mid_y + 200 * u
    half = 118 * u
    lift = 62 * u
    left = (cx - half, mouth_y - face.smile_left * lift)
    right = (cx + half, mouth_y - face.smile_right * lift + face.droop * 46 * u)
    depth = 10 * u + 42 * u * max(0.0, (face.smile_left + face.smile_right) / 2)
    centre = (cx, mouth_y + depth)

    # Smile lines (nasolabial folds); a paralysed cheek has none.
    for side, strength in ((-1, 1.0), (1, face.fold_right)):
        if strength <= 0.05:
            continue
        x0 = cx + side * 95 * u
        fold = _quad(
            (x0, eye_y + 150 * u),
            (x0 + side * 70 * u, mouth_y - 40 * u),
            (cx + side * (half + 34 * u), mouth_y + 30 * u),
        )
        d.line(
            fold,
            fill=_mix(look.skin, look.shade, min(1.0, 0.45 + 0.35 * strength)),
            width=int(8 * u * min(1.4, strength)),
            joint="curve",
        )

    # Mouth: a lip-coloured curve, open a little for a broad smile.
    lip = _mix(look.shade, "#a2404a", 0.55)
    curve = _quad(left, centre, right, steps=32)
    if min(face.smile_left, face.smile_right) > 0.4:
        upper = _quad(left, (cx, mouth_y - 8 * u), right, steps=32)
        d.polygon(upper + curve[::-1], fill="#ffffff", outline=lip)
        d.line(upper, fill=lip, width=int(9 * u), joint="curve")
    d.line(curve, fill=lip, width=int(14 * u), joint="curve")

    # The label that says what this is.
    font = _font(int(72 * s))
    box = d.textbbox((0, 0), label, font=font)
    pad = 18 * s
    x0, y1 = 36 * s, h - 36 * s
    y0 = y1 - (box[3] - box[1]) - 2 * pad
    d.rounded_rectangle((x0, y0, x0 + box[2] - box[0] + 2 * pad, y1), radius=16 * s, fill="#ffffff")
    d.text((x0 + pad - box[0], y0 + pad - box[1]), label, font=font, fill="#17232f")

    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def _brow(d, x, y, direction, drop, s, colour):
    # `direction` mirrors the arch; a dropped brow is flatter and lower at its outer end.
    outer = x - direction * 95 * s
    inner = x + direction * 80 * s
    points = _quad(
        (inner, y + 8 * s), (x, y - (34 - 22 * drop) * s), (outer, y + (16 + 30 * drop) * s)
    )
    d.line(points, fill=colour, width=int(20 * s), joint="curve")


def _eye(d, x, y, opening, s, line):
    ew = 80 * s
    if opening <= 0.08:  # closed: a gentle downward arc with lashes
        d.line(
            _quad((x - ew, y), (x, y + 28 * s), (x + ew, y)),
            fill=line,
            width=int(9 * s),
            joint="curve",
        )
        return
    eh = 38 * s * opening
    d.ellipse((x - ew, y - eh, x + ew, y + eh), fill="#ffffff", outline=line, width=int(7 * s))
    r = min(30 * s, eh * 0.95 + 4 * s)
    d.ellipse((x - r, y - r, x + r, y + r), fill="#3f5a63")
    d.ellipse((x - r * 0.45, y - r * 0.45, x + r * 0.45, y + r * 0.45), fill="#15232a")
    d.ellipse((x - r * 0.55, y - r * 0.7, x - r * 0.15, y - r * 0.3), fill="#ffffff")
    d.arc((x - ew, y - eh, x + ew, y + eh), 180, 360, fill=line, width=int(9 * s))


def _mix(a, b, t):
    """Blend two '#rrggbb' colours: t=0 gives a, t=1 gives b."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def illustration_jpeg(look, face, quality=88):
    """The drawing as JPEG bytes, as a camera or photo editor would hand it over."""
    buffer = io.BytesIO()
    draw_face(look, face).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


__all__ = ["Expression", "Look", "draw_face", "expression", "illustration_jpeg", "replace"]
