from django.conf import settings
from django.urls import reverse

from .models import PracticeProfile

# (label, URL name, path prefix that marks the item as the current section)
NAVIGATION = [
    ("Procedures", "procedures:index", "/procedures/"),
    ("Conditions", "procedures:conditions", "/conditions/"),
    ("Gallery", "gallery:index", "/gallery/"),
    ("Testimonials", "testimonials:index", "/testimonials/"),
    ("About", "pages:about", "/about/"),
    ("FAQ", "procedures:faq", "/faq/"),
    ("Contact", "pages:contact", "/contact/"),
]


def practice(request):
    """Puts the practice profile, the navigation and the canonical URL on every page."""
    path = request.path
    return {
        "practice": PracticeProfile.for_request(request),
        "nav_items": [
            {"label": label, "url": reverse(name), "current": path.startswith(prefix)}
            for label, name, prefix in NAVIGATION
        ],
        "canonical_url": f"{settings.SITE_URL}{path}",
        "site_url": settings.SITE_URL,
    }
