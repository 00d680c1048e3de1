from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import TemplateView

from procedures.models import ProcedureGroup

from . import brand
from .models import Location, Page, PracticeProfile


class HomeView(TemplateView):
    template_name = "practice_site/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=Page.objects.filter(key=Page.Key.HOME).first(),
            groups=ProcedureGroup.objects.with_published_procedures(),
            **kwargs,
        )


class SitePageView(TemplateView):
    """A page whose text staff edit in admin as a `Page` record (about, terms, privacy)."""

    key = None
    template_name = "practice_site/page.html"

    def get_context_data(self, **kwargs):
        page = Page.objects.filter(key=self.key).first()
        return super().get_context_data(page=page, page_key=self.key, **kwargs)


class ContactView(TemplateView):
    """`/contact/`: every published location with its address, directions and hours."""

    template_name = "practice_site/contact.html"

    def get_context_data(self, **kwargs):
        practice = PracticeProfile.for_request(self.request)
        locations = sorted(
            Location.objects.published().with_hours(),
            key=lambda location: location.pk != practice.main_location_id,
        )
        return super().get_context_data(
            locations=locations,
            links=list(practice.links.all()) if practice.pk else [],
            today=timezone.localdate().isoweekday(),
            **kwargs,
        )


@require_safe
def share_card(request):
    """The share card social sites show beside a link to any page (PNG, 1200 × 630)."""
    practice = PracticeProfile.for_request(request)
    if not practice.pk:
        practice = PracticeProfile(practice_name="Facial reanimation surgery")
    location = practice.main_location if practice.main_location_id else None
    key = f"share-card:{brand.card_version(practice, location)}"
    png = cache.get(key)
    if png is None:
        png = brand.share_card_png(practice, location)
        cache.set(key, png, 24 * 60 * 60)
    response = HttpResponse(png, content_type="image/png")
    # Pages link to it with ?v=<what it shows>, so a day's caching never shows an old card.
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Only the admin. The consultation form is a page patients search for; its thank-you and
        # rate-limit pages say noindex themselves, which crawlers only see if they may fetch them.
        f"Disallow: /{settings.ADMIN_PATH}",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    """Renders without a request context: no context processor, so no database query.

    The 500 page must work when the database is the thing that failed.
    """
    return HttpResponseServerError(loader.render_to_string("500.html"))
