"""Testimonials on other apps' pages: `{% featured_testimonial %}` on the home page,
`{% procedure_testimonials procedure %}` on a procedure page and
`{% treatment_testimonials procedures %}` on a condition's page.

`procedures` never imports this module; its template loads the tag library by name.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.db.models import Case, Value, When

from ..models import MAX_RATING, Testimonial

register = template.Library()

PER_PROCEDURE = 2


@register.inclusion_tag("testimonials/includes/stars.html")
def stars(value, label=""):
    """Five stars drawn by CSS (full, half or empty) with the rating as text for screen readers.

    `value` may be an average such as 4.6: it is drawn to the nearest half star.
    """
    halves = int((Decimal(str(value)) * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    shapes = []
    for position in range(1, MAX_RATING + 1):
        if halves >= position * 2:
            shapes.append("full")
        elif halves == position * 2 - 1:
            shapes.append("half")
        else:
            shapes.append("empty")
    number = f"{float(value):.1f}".removesuffix(".0")
    return {"shapes": shapes, "text": label or f"{number} out of {MAX_RATING} stars"}


@register.inclusion_tag("testimonials/includes/featured.html")
def featured_testimonial():
    """The newest featured testimonial, for the home page; nothing when none is featured."""
    return {"testimonial": Testimonial.objects.featured().for_display().first()}


def _about(procedures):
    """Up to two testimonials about any of `procedures`: those of the earliest in the list first,
    then featured ones, then the newest."""
    by_pk = {procedure.pk: procedure for procedure in procedures}
    rank = Case(*(When(procedure=pk, then=Value(i)) for i, pk in enumerate(by_pk)))
    testimonials = list(
        Testimonial.objects.published()
        .filter(procedure__in=by_pk)
        .order_by(rank, "-is_featured", "-received_on", "-pk")[:PER_PROCEDURE]
    )
    for testimonial in testimonials:
        testimonial.procedure = by_pk[testimonial.procedure_id]  # at hand: no query to fetch it
    return testimonials


@register.inclusion_tag("testimonials/includes/procedure.html")
def procedure_testimonials(procedure):
    """Testimonials about `procedure`, for its page."""
    if not getattr(procedure, "pk", None):
        return {"testimonials": []}
    return {"testimonials": _about([procedure]), "procedure": procedure}


@register.inclusion_tag("testimonials/includes/procedure.html")
def treatment_testimonials(procedures):
    """Testimonials about any of `procedures` (a condition's treatments), each naming its own."""
    return {"testimonials": _about(procedures)}
