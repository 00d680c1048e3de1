"""Demonstration gallery: nine cases across the four treatment groups.

The pictures are drawings made by `illustrations.py` and labelled "Illustration"; the texts say
so too. They go through the same upload pipeline as real photos. Case numbers are fixed here
(picked at random once) so that the browser tests can visit a known case page.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from procedures.models import Procedure

from . import services
from .illustrations import Look, expression, illustration_jpeg
from .models import Case, PhotoConsent, PhotoPair

LOOKS = {
    "a": Look("#f1c7a5", "#d9a27f", "#4a3426", "#dfe8ec", "#5c7c8a"),
    "b": Look("#8d5a3b", "#6e4229", "#1e1a17", "#efe6da", "#7a5c8f", hair_style="curly"),
    "c": Look("#e0ac85", "#c28765", "#2b2b2b", "#e3ece3", "#3f6e5a", hair_style="long"),
    "d": Look("#c68b62", "#a66d48", "#6b4a2e", "#f2e8e1", "#a3402a", hair_style="bun", child=True),
    "e": Look("#f5d0b5", "#dcaa8c", "#b08a5a", "#e6e9f2", "#44546a", hair_style="long"),
    "f": Look("#a86f4c", "#8a5636", "#2d2420", "#eef0e6", "#55705e"),
    "g": Look("#6f4630", "#57331f", "#17120f", "#ebe4ee", "#2f5d73", hair_style="bun"),
    "h": Look("#eabf9b", "#cf9c78", "#8c8c8c", "#f1ece4", "#6a5a7a"),
    "i": Look(
        "#d9a47c", "#bd8560", "#3a2a20", "#e4eef0", "#8a4b3c", hair_style="curly", child=True
    ),
}

VIEWS = {"rest": "At rest", "smile": "Smiling", "closed": "Eyes gently closed", "open": "Eyes open"}

# (number, procedures as (group, slug), look, condition, views, title, description, details)
CASES = [
    (
        8634,
        [
            ("facial-reanimation", "smile-reanimation"),
            ("nerve-surgery", "masseter-to-facial-nerve-transfer"),
        ],
        "a",
        "paralysis",
        ["rest", "smile"],
        "A smile restored with a nerve transfer",
        "Illustrated example, not a real patient. After a facial nerve injury, one side of the "
        "face hung at rest and did not move. A branch of the chewing muscle’s nerve was joined "
        "to the facial nerve. With practice, the smile now lifts on both sides.",
        {"age_range": "30-44", "sex": "male", "time_since_surgery": "14 months after surgery"},
    ),
    (
        5172,
        [("facial-reanimation", "eye-closure-restoration")],
        "c",
        "eye",
        ["open", "closed"],
        "Eye closure brought back after Bell’s palsy",
        "Illustrated example, not a real patient. One eye stayed wide open and could not "
        "close, so it became dry and sore. After surgery to help the upper lid close, the eye now "
        "shuts gently during blinks and sleep.",
        {"age_range": "45-59", "sex": "female", "time_since_surgery": "6 months after surgery"},
    ),
    (
        2957,
        [
            ("muscle-surgery", "gracilis-free-muscle-transfer"),
            ("nerve-surgery", "cross-facial-nerve-graft"),
        ],
        "b",
        "paralysis",
        ["rest", "smile"],
        "A new smile muscle after long-standing paralysis",
        "Illustrated example, not a real patient. Years of paralysis meant the original smile "
        "muscles could no longer work. A small thigh muscle was moved to the cheek and powered by "
        "a nerve graft from the healthy side, giving a natural, spontaneous smile.",
        {"age_range": "18-29", "sex": "female", "time_since_surgery": "2 years after surgery"},
    ),
    (
        7410,
        [("muscle-surgery", "temporalis-myoplasty")],
        "h",
        "paralysis",
        ["rest", "smile"],
        "Smile and support from a lengthened temple muscle",
        "Illustrated example, not a real patient. One corner of the mouth drooped after "
        "tumor surgery. The temple muscle was lengthened and attached to the corner of the mouth, "
        "which now sits level at rest and lifts when the patient bites down.",
        {"age_range": "60+", "sex": "male", "time_since_surgery": "9 months after surgery"},
    ),
    (
        3385,
        [("nerve-surgery", "selective-neurolysis"), ("cosmetic", "botox-for-facial-balance")],
        "e",
        "synkinesis",
        ["rest", "smile"],
        "Less tightness and a freer smile with synkinesis",
        "Illustrated example, not a real patient. After Bell’s palsy healed unevenly, one "
        "eye narrowed whenever the patient smiled and the cheek felt tight. Selective neurolysis "
        "released the unwanted pull; the eye now stays open during the smile.",
        {"age_range": "30-44", "sex": "female", "time_since_surgery": "12 months after surgery"},
    ),
    (
        6021,
        [("nerve-surgery", "cross-facial-nerve-graft")],
        "i",
        "paralysis",
        ["rest", "smile"],
        "A child’s smile on both sides",
        "Illustrated example, not a real patient. A child born with weakness on one side of the "
        "face could only smile on one side. A nerve graft carried signals from the healthy side, "
        "and the weak side of the smile has grown stronger over time.",
        {"age_range": "child", "time_since_surgery": "18 months after surgery"},
    ),
    (
        4768,
        [("cosmetic", "botox-for-facial-balance")],
        "g",
        "overactive",
        ["rest", "smile"],
        "Better balance with carefully placed Botox",
        "Illustrated example, not a real patient. The healthy side of the face pulled strongly and "
        "made the difference between the sides stand out. Small Botox doses on the healthy side "
        "softened that pull, so the face looks more even at rest and when smiling.",
        {"age_range": "45-59", "sex": "female", "time_since_surgery": "3 weeks after treatment"},
    ),
    (
        9146,
        [("cosmetic", "brow-lift")],
        "f",
        "brow",
        ["rest"],
        "A level brow after facial nerve weakness",
        "Illustrated example, not a real patient. One brow sat low and weighed on the upper "
        "eyelid, narrowing the field of view. A brow lift raised it to match the other side and "
        "opened up the eye.",
        {"age_range": "60+", "sex": "male", "time_since_surgery": "4 months after surgery"},
    ),
    (
        1593,
        [("cosmetic", "static-sling"), ("cosmetic", "facial-asymmetry-correction")],
        "d",
        "paralysis",
        ["rest"],
        "Support for the mouth corner with a static sling",
        "Illustrated example, not a real patient. One corner of the mouth drooped, making "
        "eating and speaking harder. A supporting sling placed under the skin now holds it level "
        "with the other side at rest.",
        {"age_range": "teen", "sex": "female", "time_since_surgery": "5 months after surgery"},
    ),
]

# Sides are described as they appear in the picture: the affected side is on its right.
ALT = {
    ("paralysis", "rest", "before"): "Before, at rest: the side of the face on the right of the "
    "picture hangs lower, with the mouth corner pulled down and a flat cheek.",
    ("paralysis", "rest", "after"): "After, at rest: the mouth sits almost level and both "
    "cheeks show a smile line.",
    ("paralysis", "smile", "before"): "Before, smiling: only the corner of the mouth on the left "
    "of the picture lifts; the other side stays flat.",
    ("paralysis", "smile", "after"): "After, smiling: both corners of the mouth lift into an "
    "even smile.",
    ("eye", "open", "before"): "Before, eyes open: the eye on the right of the picture is open "
    "wider than the other.",
    ("eye", "open", "after"): "After, eyes open: both eyes are open to about the same height.",
    ("eye", "closed", "before"): "Before, trying to close the eyes: one eye closes, but the eye "
    "on the right of the picture stays partly open.",
    ("eye", "closed", "after"): "After, eyes gently closed: both eyelids close fully.",
    ("synkinesis", "rest", "before"): "Before, at rest: the eye on the right of the picture "
    "looks narrower and the cheek line below it is deep and tight.",
    ("synkinesis", "rest", "after"): "After, at rest: the eyes look the same size and both "
    "cheeks look relaxed.",
    ("synkinesis", "smile", "before"): "Before, smiling: the eye on the right of the picture "
    "almost closes as the mouth moves.",
    ("synkinesis", "smile", "after"): "After, smiling: both eyes stay open during the smile.",
    ("overactive", "rest", "before"): "Before, at rest: the mouth is pulled up towards the left "
    "of the picture.",
    ("overactive", "rest", "after"): "After, at rest: the mouth sits more evenly between the "
    "two sides.",
    ("overactive", "smile", "before"): "Before, smiling: the side of the smile on the left of "
    "the picture rises much higher than the other.",
    ("overactive", "smile", "after"): "After, smiling: the two sides of the smile rise to a "
    "similar height.",
    ("brow", "rest", "before"): "Before, at rest: the eyebrow on the right of the picture sits "
    "low and heavy over the eye.",
    ("brow", "rest", "after"): "After, at rest: both eyebrows sit at the same height and both "
    "eyes look equally open.",
}


def _upload(look, condition, view, stage):
    face_view = "rest" if view == "open" else view
    data = illustration_jpeg(LOOKS[look], expression(face_view, stage, condition=condition))
    return services.upload_photo(
        SimpleUploadedFile("illustration.jpg", data, content_type="image/jpeg")
    )


def load():
    """Add the demonstration cases to a gallery that has none; return True if any were added."""
    if Case.objects.exists():
        return False
    procedures = {(p.group.slug, p.slug): p for p in Procedure.objects.select_related("group")}
    signed = timezone.localdate() - timedelta(days=200)
    for order, (number, slugs, look, condition, views, title, description, details) in enumerate(
        CASES
    ):
        case = Case.objects.create(
            number=number,
            title=title,
            description=description,
            is_published=True,
            order=order,
            **details,
        )
        case.procedures.set([procedures[slug] for slug in slugs if slug in procedures])
        PhotoConsent.objects.create(
            case=case, signed_on=signed, form_reference="Demonstration: no real patient"
        )
        for position, view in enumerate(views):
            PhotoPair.objects.create(
                case=case,
                label=VIEWS[view],
                order=position,
                before=_upload(look, condition, view, "before"),
                after=_upload(look, condition, view, "after"),
                before_alt="Illustration. " + ALT[(condition, view, "before")],
                after_alt="Illustration. " + ALT[(condition, view, "after")],
            )
    return True
