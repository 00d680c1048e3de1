from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from procedures.models import ProcedureGroup

from .models import Page


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
