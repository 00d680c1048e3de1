"""Whole-page cache for public content pages, keyed by the content version and today's date.

Every content write replaces the version inside its transaction, so every worker sees an edit on
its next request with nothing to purge (update() and raw SQL call `content_changed()`); the date
takes off what ends at midnight (photo consents). A page sees only the query parameters its view
declares, so utm_source and the like make no new entry.
"""

import hashlib
import uuid
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re

# Apps whose models make up the public pages and whose `views` modules serve them (not, say,
# practice_site.twofactor). Not consultations: patients' requests change no public page, and its
# form is never cached.
CONTENT_APPS = frozenset(
    {"practice_site", "procedures", "gallery", "testimonials", "redirects", "sites"}
)
_CONTENT_VIEWS = frozenset(f"{label}.views" for label in CONTENT_APPS)
_PRIVATE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})
# What the cache stores: pages, and the sitemap's XML.
_CACHED_TYPES = ("text/html", "application/xml")


def _version_model():
    return apps.get_model("practice_site", "ContentVersion")


@lru_cache(maxsize=1)
def _version_query():
    table = _version_model()._meta.db_table  # lower case letters and _: no quoting needed
    return f"SELECT token FROM {table} WHERE id = 1"  # noqa: S608 (our table name)


def current_version(using=DEFAULT_DB_ALIAS):
    """The content token ("" before the first edit), read on every cacheable request."""
    with connections[using].cursor() as cursor:
        cursor.execute(_version_query())
        row = cursor.fetchone()
    return row[0] if row else ""


def content_changed(using=DEFAULT_DB_ALIAS):
    """A new content version, in the caller's transaction: it commits or rolls back with it."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    versions = _version_model().objects.using(using)
    if not versions.filter(pk=1).update(**values):
        versions.update_or_create(pk=1, defaults=values)


def is_content_model(model):
    return model._meta.app_label in CONTENT_APPS and model is not _version_model()


def _on_save_or_delete(sender, using=None, **kwargs):
    if is_content_model(sender):
        content_changed(using or router.db_for_write(sender))


def _on_m2m_changed(sender, instance, action, model, using=None, **kwargs):
    if action.startswith("post_") and (
        is_content_model(sender) or is_content_model(type(instance)) or is_content_model(model)
    ):
        content_changed(using or DEFAULT_DB_ALIAS)


def _on_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Data migrations rewrite content without signals. (The table is missing when practice_site
    # has been migrated back to before it.)
    table = _version_model()._meta.db_table
    if sender.label == "practice_site" and table in connections[using].introspection.table_names():
        content_changed(using)


def connect_signals():
    """Connected in ready(), so edits from commands and the shell renew the version too."""
    post_save.connect(_on_save_or_delete, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page_cache_m2m_changed")
    post_migrate.connect(_on_migrate, dispatch_uid="page_cache_post_migrate")


class ReadyMemoryCache(LocMemCache):
    """Django's per-process memory cache, minus the pickling: a value comes back as the object
    stored, not rebuilt from a pickle on every hit. For values nobody changes in place: a page's
    entry (status, headers, bytes), a rendered image's bytes."""

    def validate_key(self, key):
        """None: memcached's key rules (length, no spaces) mean nothing to a dict, and checking
        them character by character cost a third of each read."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    incr = BaseCache.incr  # through get() and set(), not LocMemCache's pickles


def page_cache():
    """The page cache backend, or None when it is switched off (a DummyCache)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    return None if isinstance(cache, DummyCache) else cache


def _today():
    # The site's own time zone, named: asking for the "current" one costs a context lookup.
    return timezone.localdate(timezone=timezone.get_default_timezone()).isoformat()


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{_today()}:{digest}"


def per_content_version(name, compute):
    """compute(), worked out once per content version and day in each process, as a page is: for
    what only an edit changes (the staff home's broken links, the profile every page shows)."""
    cache = page_cache()
    if cache is None:
        return compute()
    try:
        version = current_version()
    except DatabaseError:
        return compute()  # what is current cannot be told: worked out afresh, not kept
    key = f"{name}:{version}:{_today()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_MAX_AGE)
    return value


def _query_parameters(view):
    """The query parameters a view reads: its `query_parameters`, and a list's page number."""
    view_class = getattr(view, "view_class", None)
    declared = set(getattr(view_class or view, "query_parameters", ()))
    if getattr(view_class, "paginate_by", None):
        declared.add(view_class.page_kwarg)
    return frozenset(declared)


@lru_cache(maxsize=4096)
def content_page(urlconf, path):
    """The query parameters of the content page at `path`, or None if it is not a content page.

    Memoised: resolving costs more than the rest of a cache hit."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return _query_parameters(view) if view.__module__ in _CONTENT_VIEWS else None


def served_by_content_app(urlconf, path):
    return content_page(urlconf, path) is not None


def request_is_cacheable(request):
    """Anonymous GET or HEAD of a content page; a session, messages or any cookie but CSRF's
    (staff, previews, flash messages) means the visitor may see something personal."""
    return _accepted_parameters(request) is not None


def _accepted_parameters(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return content_page(urlconf, request.path_info)


def keep_only(request, accepted):
    """Leaves the request only the `accepted` query parameters, in a fixed order, so that every
    address of one page has one key and the view sees what the key stands for."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    normalised = ""
    if accepted:  # most pages read none: then there is nothing to parse
        params = [(name, value) for name, value in request.GET.lists() if name in accepted]
        kept = QueryDict(mutable=True)
        for name, values in sorted(params):
            kept.setlist(name, values)
        normalised = kept.urlencode()
    if normalised != query:
        request.META["QUERY_STRING"] = normalised
        request.GET = QueryDict(normalised)


def response_is_cacheable(request, response):
    """A 200 HTML page any visitor may get: no cookie set, not private, varying on nothing but
    an absent Cookie header (Django adds `Vary: Cookie` when a view checks request.user)."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or not response.get("Content-Type", "").startswith(_CACHED_TYPES):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False  # django-csp's nonce is for one response only
    control = cc_delim_re.split(response.get("Cache-Control", ""))
    if {d.split("=", 1)[0].strip().lower() for d in control} & _PRIVATE_DIRECTIVES:
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    return vary <= {"cookie"} and not ("cookie" in vary and request.COOKIES)


class PageCacheMiddleware:
    """Just inside the request log, before the security headers, WhiteNoise, sessions, CSRF and
    auth: a hit skips all of them and the view. An entry is the response as they finished it,
    security headers included, so a hit carries them without their being set again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        accepted = _accepted_parameters(request)
        if accepted is None:
            return self.get_response(request)
        # With or without a cache, so that a view's undeclared parameter fails in tests too.
        keep_only(request, accepted)
        cache = page_cache()
        if cache is None:
            return self.get_response(request)
        try:
            key = page_key(request, current_version())
        except (DisallowedHost, DatabaseError):
            # Answered below (a 400, a 500), where the answer gets the security headers.
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            status, headers, content = entry
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            entry = (response.status_code, dict(response.items()), response.content)
            cache.set(key, entry, settings.PAGE_CACHE_MAX_AGE)
        return response
