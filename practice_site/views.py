import sys

from csp.constants import SELF
from csp.utils import build_policy
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.sitemaps import views as sitemaps
from django.core.cache import cache
from django.db import DatabaseError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, TemplateView
from django_permissions_policy import PermissionsPolicyMiddleware
from PIL import Image

from consultations import views as consultation_views
from procedures.models import Condition, ProcedureGroup
from procedures.views import first

from . import brand, seo
from .middleware import in_admin, is_same_origin, is_staff_save
from .models import (
    Credential,
    Location,
    Page,
    PictureRendition,
    PracticeProfile,
    Provider,
    ProviderVideo,
)
from .models.profile import UNNAMED
from .sitemaps import SITEMAPS
from .video import parse_range, read_range

# How many providers the home and About pages show; a practice with more lists them on About.
HOME_PROVIDERS = 3
ABOUT_PROVIDERS = 12
# Pictures and videos never change under their address (a new upload gets a new random name).
MEDIA_CACHE = "public, max-age=31536000, immutable"


def listed_providers(limit):
    return list(Provider.objects.published().with_portraits()[:limit])


# A home card links its group's first procedures, then "All N procedures": bounded however
# many there are (the demo's groups fit whole).
HOME_PER_GROUP = 8
# The causes of facial paralysis on the home page; with more, a link leads to all of them.
HOME_CONDITIONS = 4


class HomeView(TemplateView):
    template_name = "practice_site/home.html"

    def get_context_data(self, **kwargs):
        conditions, more_conditions = first(
            Condition.objects.published().only("title", "slug", "summary"), HOME_CONDITIONS
        )
        return super().get_context_data(
            page=Page.objects.filter(key=Page.Key.HOME).first(),
            # A card names its group's first HOME_PER_GROUP procedures; the rest are never fetched.
            groups=ProcedureGroup.objects.with_published_procedures(HOME_PER_GROUP),
            providers=listed_providers(HOME_PROVIDERS),
            conditions=conditions,
            more_conditions=more_conditions,
            **kwargs,
        )


class SitePageView(TemplateView):
    """A page whose text staff edit in admin as a `Page` record (about, terms, privacy)."""

    key = None
    template_name = "practice_site/page.html"
    with_providers = False

    def get_context_data(self, **kwargs):
        page = Page.objects.filter(key=self.key).first()
        if self.with_providers:
            kwargs["providers"] = listed_providers(ABOUT_PROVIDERS)
        # Before staff write it, the page keeps its name ("Terms of use") and says so.
        label = Page.Key(self.key).label
        return super().get_context_data(page=page, page_key=self.key, page_label=label, **kwargs)


class ContactView(TemplateView):
    """`/contact/`: every published location with its map, directions and hours."""

    template_name = "practice_site/contact.html"

    def get_context_data(self, **kwargs):
        practice = PracticeProfile.for_request(self.request)
        locations = sorted(
            Location.objects.published().with_hours().with_maps(),
            key=lambda location: location.pk != practice.main_location_id,
        )
        return super().get_context_data(
            locations=locations,
            links=list(practice.links.all()) if practice.pk else [],
            today=timezone.localdate().isoweekday(),
            **kwargs,
        )


def _logo_image(logo):
    """The logo's largest copy as a PIL image, or None (no logo, or its file is missing)."""
    if logo is None:
        return None
    rendition = logo.renditions.filter(width=logo.width).first()
    if rendition is None:
        return None
    try:
        with rendition.file.open("rb") as handle, Image.open(handle, formats=["WEBP"]) as image:
            return image.convert("RGB")
    except OSError:
        return None


@require_safe
def share_card(request):
    """The share card social sites show beside a link to any page (PNG, 1200 × 630)."""
    practice = PracticeProfile.for_request(request)
    if not practice.pk:
        practice = PracticeProfile(practice_name=UNNAMED)
    key = f"share-card:{practice.share_image_url}"  # its address names what it shows
    png = cache.get(key)
    if png is None:
        location = practice.main_location if practice.main_location_id else None
        logo = practice.logo if practice.logo_id else None
        png = brand.share_card_png(practice, location, _logo_image(logo))
        cache.set(key, png, 24 * 60 * 60)
    response = HttpResponse(png, content_type="image/png")
    # Pages link to it with ?v=<what it shows>, so a day's caching never shows an old card.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _media_policies(response):
    """Let this page play its own video: media from this site, fullscreen and picture in
    picture for this site only. Every other page keeps the stricter site-wide headers.

    Set as headers (not the libraries' response attributes), which the CSP and the
    Permissions-Policy middlewares leave as they are.
    """
    response["Content-Security-Policy"] = build_policy(update={"media-src": [SELF]})
    policy = {**settings.PERMISSIONS_POLICY, "fullscreen": ["self"], "picture-in-picture": ["self"]}
    response["Permissions-Policy"] = PermissionsPolicyMiddleware.compute_header_value(
        policy, name="PERMISSIONS_POLICY"
    )


class ProviderDetailView(DetailView):
    """`/about/<slug>/`: a provider's biography, credentials, publications and video."""

    template_name = "practice_site/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return Provider.objects.published().with_profile()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.object
        breadcrumbs = [
            {"title": "Home", "url": reverse("pages:home")},
            {"title": "About", "url": reverse("pages:about")},
            {"title": provider.short_name, "url": None},
        ]
        groups = provider.credential_groups()
        context.update(
            {
                "breadcrumbs": breadcrumbs,
                "record": [g for g in groups if g[0] != Credential.Kind.PUBLICATION],
                "publications": [
                    c for g in groups if g[0] == Credential.Kind.PUBLICATION for c in g[2]
                ],
                "film": provider.film,
                "cta_title": f"Ask {provider.short_name} about your options",
                "jsonld": seo.provider_graph(provider, breadcrumbs),
            }
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["film"] is not None:
            _media_policies(response)
        return response


@require_safe
def picture(request, key, width):
    """One rendition of a practice picture (a portrait, a poster). Public, like the page."""
    found = get_object_or_404(PictureRendition, picture__key=key, width=width)
    return _media_headers(FileResponse(_open(found.file), content_type="image/webp"))


def _open(field_file):
    try:
        return field_file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None


def _media_headers(response):
    response["Cache-Control"] = MEDIA_CACHE
    response["Content-Disposition"] = "inline"
    return response


def _ranged_file(request, field_file, size, content_type):
    """The file, or the single byte range asked for (206): browsers seek in a video, and
    Safari plays none without ranges. If-Range needs no check: the content at an address
    never changes."""
    handle = _open(field_file)
    wanted = parse_range(request.headers.get("Range"), size)
    if wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        body = read_range(handle, start, end) if request.method == "GET" else iter(())
        if request.method != "GET":
            handle.close()
        response = StreamingHttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return _media_headers(response)


@require_safe
def video(request, key):
    found = get_object_or_404(ProviderVideo, key=key)
    return _ranged_file(request, found.file, found.size, "video/mp4")


@require_safe
def captions(request, key):
    found = get_object_or_404(ProviderVideo.objects.exclude(captions=""), key=key)
    handle = _open(found.captions)
    return _media_headers(FileResponse(handle, content_type="text/vtt; charset=utf-8"))


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


def sitemap_index(request):
    """`/sitemap.xml`: the sections and the files each is split into (robots.txt names it)."""
    return sitemaps.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    """`/sitemap-<section>.xml?p=<n>`: one file of a section's addresses."""
    return sitemaps.sitemap(request, SITEMAPS, section=section)


# The page cache keys these by their file number and ignores any other parameter.
sitemap_section.query_parameters = ("p",)


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def permission_denied(request, exception):
    """Staff refused a page of the admin see that in the admin, with the way back to their home;
    anyone else gets Django's view (the site's 403.html)."""
    if in_admin(request) and request.user.is_staff:
        context = {**admin.site.each_context(request), "title": "This page is not open to you"}
        html = loader.render_to_string("admin/403.html", context, request)
        return HttpResponseForbidden(html)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """A post the CSRF check refused: cookies blocked, or cleared while the page was open.

    The consultation form comes back with what the patient typed; anything else gets a page
    that says what happened instead of Django's bare one.
    """
    if request.path == reverse("consultations:request"):
        return consultation_views.refused_post(request)
    # Staff whose cookies were cleared while a form was open: signed out too. Sent on to the
    # sign-in page, which says so (StaffSessionLifetimeMiddleware); the form, opened again after
    # signing in, offers back what was typed. Only from this site's own pages: the sign-in
    # page's message starts a session, and a post from another site must not replace one.
    if is_staff_save(request) and not request.user.is_authenticated and is_same_origin(request):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", request=request))


def server_error(request):
    """Renders without a request context (no context processor, no navigation from the database):
    the 500 page must work when the database is the thing that failed. Unless it did, the page
    reads the practice's profile, for the phone number a patient whose send failed can call."""
    call = None
    if not isinstance(sys.exc_info()[1], DatabaseError):  # a hung database would hang this too
        # Worked out here, not in the template: what failed may be what reads the number (the
        # phone library), and the error page itself must not fail.
        try:
            practice = PracticeProfile.current()
            if practice.phone_tel:
                call = {"tel": practice.phone_tel, "shown": practice.phone}
        except Exception:  # noqa: BLE001 - whatever fails, the page is shown without the number
            call = None
    return HttpResponseServerError(loader.render_to_string("500.html", {"call": call}))
