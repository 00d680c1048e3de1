"""Publishing and unpublishing testimonials in bulk (the admin actions call these)."""

from django.db import transaction


@transaction.atomic
def publish(testimonials):
    """Publish those with a consent date; return (published, refused without consent).

    Each row is saved on its own rather than with `update()`, so that model signals (the page
    cache) see it; the admin action records who published it in the admin log. The database
    constraint refuses a publication without consent in any case.
    """
    published, refused = [], []
    for testimonial in testimonials.select_related(None).order_by("pk"):
        if not testimonial.has_consent:
            refused.append(testimonial)
        elif not testimonial.is_published:
            testimonial.is_published = True
            testimonial.save(update_fields=["is_published", "updated_at"])
            published.append(testimonial)
    return published, refused


@transaction.atomic
def unpublish(testimonials):
    """Take testimonials off the site; return those that were published until now."""
    unpublished = []
    for testimonial in testimonials.filter(is_published=True).order_by("pk"):
        testimonial.is_published = False
        testimonial.save(update_fields=["is_published", "updated_at"])
        unpublished.append(testimonial)
    return unpublished
