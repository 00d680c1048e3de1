"""Drawing helpers for the demo's illustrations: smooth curves, colour blends, and a canvas in
the picture's own coordinates, drawn S times larger and scaled down for smooth edges."""

from PIL import Image, ImageDraw, ImageFilter

W, H = 800, 1000  # the PNG's size
S = 3  # drawn this many times larger, then scaled down for smooth edges


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
