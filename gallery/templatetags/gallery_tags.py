"""Gallery pieces for other pages: responsive photos, a procedure's cases, the home teaser."""

from django import template
from django.db.models import Case as SqlCase
from django.db.models import Max, Min, Q, Value, When
from django.utils.html import format_html

from ..models import Case

register = template.Library()


@register.simple_tag
def photo_img(photo, alt, sizes, loading="lazy", css_class=""):
    """An <img> with every rendition in `srcset`, and the intrinsic size to reserve its space.

    `loading="eager"` is for the first images of a page, which the browser should fetch at once.
    """
    renditions = photo.sorted_renditions if photo else []
    if not renditions:
        return ""
    largest = renditions[-1]
    return format_html(
        '<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async">',
        format_html(' class="{}"', css_class) if css_class else "",
        photo.rendition_near(640).url,
        photo.srcset,
        sizes,
        largest.width,
        largest.height,
        alt,
        loading,
    )


def _cards(cases):
    return cases.with_photos(first_only=True).with_published_procedures()


@register.inclusion_tag("gallery/includes/procedure_cases.html")
def procedure_cases(procedure, limit=3):
    """Up to three public cases that show `procedure`, for its page."""
    cases = list(_cards(Case.objects.public().filter(procedures=procedure))[:limit])
    return {"procedure": procedure, "cases": cases}


@register.inclusion_tag("gallery/includes/procedure_cases.html")
def condition_cases(condition, procedures, limit=3):
    """Up to three public cases for a condition's page: those of this cause first; then those of
    its treatments (`procedures`, the earliest in the list first), those that name another cause
    last."""

    def over_rows(aggregate, *whens, default):
        # A case has a row for each of its causes and treatments that the filter lets through.
        return aggregate(SqlCase(*whens, default=Value(default)))

    shown = (
        Case.objects.public()
        .filter(Q(causes=condition) | Q(procedures__in=procedures))
        .annotate(
            not_this_cause=over_rows(Min, When(causes=condition, then=Value(0)), default=1),
            names_a_cause=over_rows(Max, When(causes__isnull=False, then=Value(1)), default=0),
            treatment=over_rows(
                Min,
                *(When(procedures=p.pk, then=Value(i)) for i, p in enumerate(procedures)),
                default=len(procedures),
            ),
        )
        .order_by("not_this_cause", "names_a_cause", "treatment", *Case._meta.ordering)
    )
    return {"cases": list(_cards(shown)[:limit]), "condition": condition}


@register.inclusion_tag("gallery/includes/teaser.html")
def gallery_teaser(limit=3):
    """The first public cases, for the home page."""
    return {"cases": list(_cards(Case.objects.public())[:limit])}
