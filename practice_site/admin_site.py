import math
import time
from datetime import UTC, datetime
from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models.base import ModelBase
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseNotAllowed
from django.urls import path
from django.utils import timezone
from django.utils.dateformat import time_format

from .middleware import StaffSessionLifetimeMiddleware
from .models import PracticeProfile
from .twofactor.policy import half_signed_in

# The order of the sections, the practice's daily work first (others follow, alphabetically).
APP_ORDER = [
    "consultations",
    "procedures",
    "gallery",
    "testimonials",
    "practice_site",
    "drafts",
    "redirects",
    "auth",
    "axes",
    "sites",
    "django_tasks_database",
]


FILES_NOT_KEPT = (
    "A browser cannot keep a chosen file when the form comes back with a problem: once it is "
    "put right, choose the file again before you press “Save”."
)


def files_dropped(request, response):
    """Whether a form with a chosen file came back with a problem: the browser has emptied the
    file box, and the save after the correction would go through without it, unremarked. (Not
    every 200 is a refusal: a save in a popup window answers 200 too.)"""
    context = getattr(response, "context_data", None) or {}
    return bool(request.FILES) and bool(context.get("errors"))


class FilesNotKeptMixin:
    """Says so when files_dropped (content pages say it in their own words: drafts/admin.py)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if files_dropped(request, response):
            messages.warning(request, FILES_NOT_KEPT)
        return response


def may_view(user, model):
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


class PermissionsFirstMixin:
    """Checks that come before Django's own, so that a hand-typed address reveals nothing: a
    filter through a reverse relation (procedures by a request's id) needs the view permission
    of its rows, and the history page asks for permission before it looks the object up.
    """

    def lookup_allowed(self, lookup, value, request=None):
        model = self.model
        for name in lookup.split(LOOKUP_SEP):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                break
            if not field.is_relation or field.related_model is None:
                break
            model = field.related_model
            # A forward relation is a column of the row, shown to whoever sees the row.
            if field.auto_created and not (request and may_view(request.user, model)):
                return False
        return super().lookup_allowed(lookup, value, request)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


class PracticeAdminSite(admin.AdminSite):
    """The staff admin, titled with the practice's name; its home says what needs doing."""

    index_title = "Staff home"
    # The side list of every section repeated the staff home on each page and took a quarter of a
    # 1280-pixel screen, pushing change lists into sideways scrolling; "Home" is one click away.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin asks for permissions before it answers (PermissionsFirstMixin). Content
        # pages get drafts, previews, schedules and history (practice_site/drafts/); the
        # other admins say when a refused form loses a chosen file, and those of shared records
        # refuse stale saves (drafts/guard.py). Added here so that the content apps' own admin
        # code needs nothing of practice_site. Pages with addresses keep their old ones when a
        # save moves them (addresses.py), whatever else they have.
        from .addresses import addresses_kept_admin
        from .drafts.admin import draftable_admin
        from .drafts.guard import guarded_admin
        from .drafts.registry import draftable

        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            chosen = admin_class or admin.ModelAdmin
            if draftable(model):
                chosen = draftable_admin(chosen)
            else:
                chosen = type(chosen.__name__, (FilesNotKeptMixin, chosen), {})
                if getattr(chosen, "refuse_stale_saves", False):
                    chosen = guarded_admin(chosen)
            if hasattr(model, "get_absolute_url"):
                chosen = addresses_kept_admin(chosen)
            # Outermost, so that it asks before any of the above answers (the drafts admin has a
            # history page of its own).
            chosen = type(chosen.__name__, (PermissionsFirstMixin, chosen), {})
            super().register(model, chosen, **options)

    def admin_view(self, view, cacheable=False):
        # Django's admin views answer every method but POST as a GET: an OPTIONS or a TRACE
        # would read a request's page past the access log, which records the methods here.
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def read_or_post(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD", "POST"):
                return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
            return inner(request, *args, **kwargs)

        return read_or_post

    def autocomplete_view(self, request):
        # Django answers for any foreign key to an admin with search fields, whether or not a
        # form here offers a search box for it: a front desk could search requests by a
        # patient's name there, unrecorded. Only the fields an admin here names are answered.
        asked = tuple(request.GET.get(key) for key in ("app_label", "model_name", "field_name"))
        if asked not in self._autocomplete_fields():
            raise PermissionDenied
        return super().autocomplete_view(request)

    def _autocomplete_fields(self):
        offered = set()
        for model_admin in self._registry.values():
            for each in (model_admin, *model_admin.inlines):
                opts = each.model._meta
                offered.update(
                    (opts.app_label, opts.model_name, name) for name in each.autocomplete_fields
                )
        return offered

    def has_permission(self, request):
        # Behind SecondFactorMiddleware's redirect, so that no admin view (nor one added to the
        # site later) ever answers a session whose second factor is still owed.
        return super().has_permission(request) and not half_signed_in(request.user)

    def each_context(self, request):
        # Read per request (staff may rename the practice) and shared with the context processor,
        # so an admin page reads the profile once however many places show its name.
        name = PracticeProfile.for_request(request).practice_name
        title = f"{name} · staff" if name else "Practice website · staff"
        return {
            **super().each_context(request),
            "site_header": title,
            "site_title": title,
            "sign_in_warning": self._sign_in_warning(request),
        }

    @staticmethod
    def _sign_in_warning(request):
        """In the sign-in's last hour, when it ends: a long edit is saved before, not lost."""
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return ""
        ends = StaffSessionLifetimeMiddleware.ends_at(request)
        left = None if ends is None else ends - time.time()
        if left is None or left > StaffSessionLifetimeMiddleware.WARN_BEFORE:
            return ""
        at = timezone.localtime(datetime.fromtimestamp(ends, tz=UTC))
        minutes = max(1, math.ceil(left / 60))
        hours = StaffSessionLifetimeMiddleware.hours()
        return (
            f"Your sign-in ends at {time_format(at, 'g:i A')}, in {minutes} minute"
            f"{'' if minutes == 1 else 's'} ({hours} hours after you signed in). Save what you "
            "are working on before then: a form sent later is not saved."
        )

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        rank = {label: i for i, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]))

    def get_urls(self):
        from . import staff_views

        return [
            path(
                "editor/preview/",
                self.admin_view(staff_views.markdown_preview),
                name="markdown_preview",
            ),
            path(
                "editor/pages/",
                self.admin_view(staff_views.markdown_links),
                name="markdown_links",
            ),
            path(
                "broken-links/",
                self.admin_view(staff_views.broken_links_report),
                {"admin_site": self},
                name="broken_links",
            ),
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" shortcut, for staff who may see that kind of object: it would
        tell anyone signed in the address of a page kept from the public."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        if model is None:  # a content type whose model is gone
            raise Http404
        if not may_view(request.user, model):
            raise PermissionDenied
        return shortcut(request, content_type_id, object_id)

    def index(self, request, extra_context=None):
        from . import dashboard, links
        from .cache import per_content_version

        broken = None
        if dashboard.edits_content(request.user):
            # Every text of the site is read (0.8 s at 100 times the demo's content): once per edit.
            broken = per_content_version("broken-links", lambda: len(links.broken_links()))
        board = dashboard.build(self, request, broken_links=broken)
        return super().index(request, {**(extra_context or {}), "dashboard": board})

    def broken_links_of(self, obj):
        """Warnings for the links to missing pages in what was just saved (procedures/admin_ui)."""
        from . import links

        return [broken.message() for broken in links.broken_links_of(obj)]
