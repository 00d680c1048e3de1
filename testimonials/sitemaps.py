from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Testimonial


class TestimonialsSitemap(Sitemap):
    """The testimonials page, listed while it shows at least one testimonial."""

    changefreq = "weekly"

    def items(self):
        latest = Testimonial.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return [latest] if latest else []

    def location(self, item):
        return reverse("testimonials:index")

    def lastmod(self, item):
        return item
