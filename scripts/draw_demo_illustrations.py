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
from pathlib import Path

from demo_faces import draw
from PIL import Image

GALLERY = Path(__file__).resolve().parents[1] / "demo" / "gallery"


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
    8217: (Person("#f1c7a5", "#4a3426", "#dfe8ec", "#5c7c8a", "short"), "paralysis"),
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
