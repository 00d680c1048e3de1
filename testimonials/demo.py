"""Demonstration content for this app (called by `manage.py load_demo_content`).

Sample testimonials, written by the project team to show how the pages work. They are marked
with the source "sample", the page says so above them and the footer's demo notice covers them:
no real patient wrote them. Ratings are mixed on purpose; a real page shows every published
testimonial, not only the glowing ones.
"""

from datetime import timedelta

from django.utils import timezone

from procedures.models import Procedure

from .models import Testimonial

# (procedure slug or None, display name, rating, days ago, featured, quote)
SAMPLES = [
    (
        "smile-reanimation",
        "R.M.",
        5,
        12,
        True,
        "For six years I covered my mouth in every photo. The surgery was done in two stages and "
        "the wait between them tested my patience, but the team told me honestly how slow nerve "
        "growth is. Last month my daughter caught me laughing in a picture and I let her keep it.",
    ),
    (
        "eye-closure-restoration",
        "D.K.",
        5,
        34,
        False,
        "My eye would not close after my tumor surgery and I was using drops every hour. Since the "
        "procedure I can blink again and sleep without taping my eyelid shut. The nurses answered "
        "every one of my calls during the first week.",
    ),
    (
        "selective-neurolysis",
        "A.T.",
        4,
        58,
        False,
        "Years after Bell's palsy my eye kept closing whenever I smiled. The tightness in my cheek "
        "is much better now. Recovery took longer than I hoped and I still do my exercises every "
        "day, but the explanations before surgery were clear and nothing came as a surprise.",
    ),
    (
        "gracilis-free-muscle-transfer",
        "J.P.",
        5,
        96,
        False,
        "Our son was born with Moebius syndrome. The surgeon spoke to him directly, not only to "
        "us, and drew the whole plan on paper so he could follow it. It took months before the new "
        "muscle moved, and the first real smile was worth every appointment.",
    ),
    (
        "smile-reanimation",
        "T.B.",
        4,
        75,
        False,
        "After my accident I dreaded the idea of more surgery on my face. Eight months on, my "
        "smile is not the same on both sides, but it is mine again and strangers no longer ask "
        "what happened. The physical therapy exercises were harder work than the operation itself.",
    ),
    (
        "botox-for-facial-balance",
        "L.W.",
        3,
        140,
        False,
        "The injections softened the pulling on my good side and my face looks more even at rest. "
        "The effect wears off after a few months, which I knew beforehand, and finding "
        "appointments that fit my work hours was hard at times.",
    ),
    (
        None,
        "M.O.",
        5,
        205,
        False,
        "From the first phone call to the last check-up, people took the time to listen. I never "
        "felt rushed, even when I asked the same question twice.",
    ),
]


def load():
    """Add the sample testimonials to an empty table; return True if anything was added."""
    if Testimonial.objects.exists():
        return False
    today = timezone.localdate()
    procedures = {
        p.slug: p for p in Procedure.objects.filter(slug__in=[slug for slug, *_ in SAMPLES if slug])
    }
    # One create() each rather than bulk_create(): the history and the page cache's change
    # signals see every row.
    for slug, name, rating, days_ago, featured, quote in SAMPLES:
        written = today - timedelta(days=days_ago)
        Testimonial.objects.create(
            quote=quote,
            display_name=name,
            rating=rating,
            received_on=written,
            source=Testimonial.Source.SAMPLE,
            procedure=procedures.get(slug),
            # Samples have no patient to consent: the date is when the text was written.
            consent_date=written,
            is_featured=featured,
            is_published=True,
        )
    return True
