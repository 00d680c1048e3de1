from django.conf import settings
from django.urls import reverse

from .models import PracticeProfile

# (label, URL name): an item is the current section on its page and every page below it.
NAVIGATION = [
    ("Procedures", "procedures:index"),
    ("Conditions", "procedures:conditions"),
    ("Gallery", "gallery:index"),
    ("Testimonials", "testimonials:index"),
    ("About", "pages:about"),
    ("FAQ", "procedures:faq"),
    ("Contact", "pages:contact"),
]


def practice(request):
    """Puts the practice profile, the navigation and the canonical URL on every page."""
    path = request.path
    return {
        "practice": PracticeProfile.for_request(request),
        "nav_items": [
            {"label": label, "url": (url := reverse(name)), "current": path.startswith(url)}
            for label, name in NAVIGATION
        ],
        "canonical_url": f"{settings.SITE_URL}{path}",
        "site_url": settings.SITE_URL,
    }
