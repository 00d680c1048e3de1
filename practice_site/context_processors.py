from django.conf import settings
from django.urls import reverse

from .models import PracticeProfile

# (label, URL name): an item is the current page on its own page (aria-current="page") and the
# current section on every page below it (aria-current="true": screen readers would otherwise
# say "current page" on, say, a procedure's page for the Procedures link).
NAVIGATION = [
    ("Procedures", "procedures:index"),
    ("Conditions", "procedures:conditions"),
    ("Gallery", "gallery:index"),
    ("Testimonials", "testimonials:index"),
    ("About", "pages:about"),
    ("FAQ", "procedures:faq"),
    ("Contact", "pages:contact"),
]


def current(path, url):
    """The menu link's aria-current value on the page at `path` ("" for none)."""
    if path == url:
        return "page"
    return "true" if path.startswith(url) else ""


def practice(request):
    """Puts the practice profile, the navigation and the canonical URL on every page."""
    path = request.path
    return {
        "practice": PracticeProfile.for_request(request),
        "nav_items": [
            {"label": label, "url": (url := reverse(name)), "current": current(path, url)}
            for label, name in NAVIGATION
        ],
        "canonical_url": f"{settings.SITE_URL}{path}",
        "site_url": settings.SITE_URL,
    }
