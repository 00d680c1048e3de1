"""Testimonials on other apps' pages: `{% featured_testimonial %}` on the home page,
`{% procedure_testimonials procedure %}` on a procedure page and
`{% condition_testimonials condition procedures %}` on a condition's page.

`procedures` never imports this module; its template loads the tag library by name.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.db.models import Case, Q, Value, When

from ..models import MAX_RATING, Testimonial

register = template.Library()

PER_PROCEDURE = 2
FEATURED_THEN_NEWEST = ("-is_featured", "-received_on", "-pk")


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


@register.inclusion_tag("testimonials/includes/procedure.html")
def procedure_testimonials(procedure):
    """Up to two testimonials about `procedure`: featured ones first, then the newest."""
    if not getattr(procedure, "pk", None):
        return {"testimonials": []}
    testimonials = list(
        Testimonial.objects.published()
        .filter(procedure=procedure)
        .order_by(*FEATURED_THEN_NEWEST)[:PER_PROCEDURE]
    )
    for testimonial in testimonials:
        testimonial.procedure = procedure  # Already at hand: no query to fetch it again.
    return {"testimonials": testimonials, "procedure": procedure}


@register.inclusion_tag("testimonials/includes/procedure.html")
def condition_testimonials(condition, procedures):
    """Testimonials for a condition's page, each naming its treatment: those of this cause first;
    then those about its treatments (`procedures`, the earliest in the list first), those that
    name another cause last; then featured ones, then the newest."""
    order = [Case(When(cause=condition, then=Value(0)), When(cause=None, then=Value(1)), default=2)]
    if procedures:  # else a bare constant, which PostgreSQL reads as a column's position
        whens = (When(procedure=p.pk, then=Value(i)) for i, p in enumerate(procedures))
        order.append(Case(*whens, default=Value(len(procedures))))
    testimonials = (
        Testimonial.objects.published()
        .for_display()
        .filter(Q(cause=condition) | Q(procedure__in=procedures))
        .order_by(*order, *FEATURED_THEN_NEWEST)
    )
    return {"testimonials": list(testimonials[:PER_PROCEDURE])}
