"""Whole-page caching of the public content pages that never serves stale content.

How it stays fresh
------------------
Every cache key starts with a *content version*: a random token stored in the database
(`ContentVersion`, one row). Saving or deleting any object of a content app, or changing one of its
many-to-many relations, replaces the token inside the same transaction as the edit (signal
receivers connected by app label in `PracticeSiteConfig.ready()`, so no content app is imported
here). The next request of every gunicorn worker, on every machine that shares the database,
reads the new token (one small query) and so looks up keys that do not exist yet: the edit shows
at once, with nothing to purge. Entries under old tokens are simply never asked for again and age
out of the cache.

What is not an edit: photo consents and publication dates are compared with *today's* date in the
practice's time zone (`timezone.localdate()`), so a consent that ends at midnight changes what
the gallery shows without anything being saved. The local date is therefore part of the key too:
the first request after local midnight misses and renders afresh. On top of that, no entry lives
longer than PAGE_CACHE_MAX_AGE seconds (default 600), a bound for anything that changes by time
in a way the date does not capture, or data written without model signals (`bulk_create`,
`QuerySet.update()`, raw SQL: code doing that should call `content_changed()`).

What is cached
--------------
GET and HEAD requests to the public content URLs (URL namespaces in PAGE_CACHE_NAMESPACES: home,
about, terms, privacy, procedures, groups, conditions, FAQ, gallery, cases, testimonials), keyed
by scheme, host, full path and query string (filters and pagination), and answered 200 with an
HTML body. Never cached or served from the cache:
- any other method; requests carrying a session, messages or any other cookie except the CSRF
  cookie (staff, draft previews, flash messages), or an Authorization header;
- responses that set a cookie (every page with a POST form sets the CSRF cookie: the consultation
  form is also outside the namespaces), that say `Cache-Control: private`, `no-store` or
  `no-cache`, that vary on any header but Cookie, or that vary on Cookie when the request carried
  any cookie. (A view that merely checks `request.user` for a staff preview makes Django add
  `Vary: Cookie`; rendered for a request without cookies it is the anonymous page, which is what
  Django's own cache middleware would also store under the empty Cookie value, and it is only ever
  served to requests without a session cookie.)
- streaming responses (files, the gallery's photos) and non-HTML responses.

A cached request costs one query (reading the token) and no template rendering.

The cache backend
-----------------
CACHES["default"], a per-process LocMemCache: each gunicorn worker fills its own copy. That is
correct because keys carry the content version (no cross-process purge is ever needed), and fast
because a hit is a dictionary lookup. A shared backend (Redis, Memcached) would work unchanged but
adds a network round trip per hit. A DummyCache (the test settings' default) switches the page
cache off entirely, token query included.
"""

import hashlib
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re

# Apps whose models make up the public pages. Deliberately not here: consultations (patients'
# requests change no public page), sessions, auth, admin (the change log), axes, contenttypes.
CONTENT_APPS = frozenset(
    {"practice_site", "procedures", "gallery", "testimonials", "redirects", "sites"}
)
SAFE_METHODS = ("GET", "HEAD")
_UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


def _version_model():
    return apps.get_model("practice_site", "ContentVersion")


# --- The content version -------------------------------------------------------------------


def current_version(using=DEFAULT_DB_ALIAS):
    """The content token: one query. "" before the first edit of a fresh database."""
    table = connections[using].ops.quote_name(_version_model()._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 (our table name)
        row = cursor.fetchone()
    return row[0] if row else ""


def content_changed(using=DEFAULT_DB_ALIAS):
    """Gives the content a new version: every cached page is out of date from now on.

    Runs in the caller's transaction, so the new token becomes visible together with the edit
    (and disappears with it on a rollback); no request can see the new content with the old
    token's pages. The price, on PostgreSQL: the one row stays locked until the editing
    transaction commits, so concurrent content edits queue behind each other for those few
    milliseconds (readers never wait). Deferring the change to `on_commit` would avoid that, but
    an edit could then commit without its new version if the process died in between, and tests
    running inside a transaction would never see a change.
    """
    model = _version_model()
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if model.objects.using(using).filter(pk=1).update(**values):
        return
    try:
        with transaction.atomic(using=using):
            model.objects.using(using).create(pk=1, **values)
    except IntegrityError:  # Another process created the row first: overwrite its token.
        model.objects.using(using).filter(pk=1).update(**values)


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
    # Migrations may rewrite content (data migrations) or what a template shows. (Not when
    # practice_site has been migrated back to before the version table existed.)
    if sender.label == "practice_site":
        table = _version_model()._meta.db_table
        if table in connections[using].introspection.table_names():
            content_changed(using)


def connect_signals():
    """Connects the receivers for every model, filtered by app label (called in ready())."""
    post_save.connect(_on_save_or_delete, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page_cache_m2m_changed")
    post_migrate.connect(_on_migrate, dispatch_uid="page_cache_post_migrate")


# --- Keys and entries ------------------------------------------------------------------------


def page_cache():
    """The page cache backend, or None when it is switched off (a DummyCache)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    return None if isinstance(cache, DummyCache) else cache


def page_key(request, version):
    """Content version + local date + scheme, host, path and query string."""
    # Built by hand rather than with build_absolute_uri(): same parts, a third of the time.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{timezone.localdate().isoformat()}:{digest}"


def entry_timeout(now=None):
    """Seconds an entry may live: PAGE_CACHE_MAX_AGE, and never past the next local midnight.

    The date in the key already keeps yesterday's pages from being served; the timeout frees
    their memory at the same moment.
    """
    now = timezone.localtime(now)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, min(settings.PAGE_CACHE_MAX_AGE, int((midnight - now).total_seconds())))


def freeze(response):
    """What is stored: status, headers and body (a cache hit builds a fresh response from it)."""
    return (response.status_code, list(response.items()), response.content)


def thaw(entry):
    status, headers, content = entry
    return HttpResponse(content, status=status, headers=dict(headers))


# --- Which requests and responses --------------------------------------------------------------


# path -> whether its URL namespace is cacheable. Resolving a URL costs more than the rest of a
# cache hit, and the answer depends only on the path and the URLconf. Bounded: cleared when full.
_namespace_memo = {}
_NAMESPACE_MEMO_SIZE = 4096


def _cacheable_path(request):
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    memo_key = (urlconf, request.path_info)
    cacheable = _namespace_memo.get(memo_key)
    if cacheable is None:
        try:
            match = resolve(request.path_info, urlconf)
        except Resolver404:
            cacheable = False
        else:
            cacheable = match.namespace in settings.PAGE_CACHE_NAMESPACES
        if len(_namespace_memo) >= _NAMESPACE_MEMO_SIZE:
            _namespace_memo.clear()
        _namespace_memo[memo_key] = cacheable
    return cacheable


@receiver(setting_changed)
def _forget_namespaces(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "PAGE_CACHE_NAMESPACES"):
        _namespace_memo.clear()


def request_is_cacheable(request):
    if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return False
    return _cacheable_path(request)


def response_is_cacheable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    directives = {
        d.split("=", 1)[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d.strip()
    }
    if directives & _UNCACHEABLE_DIRECTIVES:
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    if vary - {"cookie"}:
        return False
    return not ("cookie" in vary and request.COOKIES)


class PageCacheMiddleware:
    """Serves public content pages from the page cache; see the module docstring.

    Sits after WhiteNoise and before the session, CSRF and auth middleware: a hit skips them (and
    the URL's view) entirely, while the outer middleware still adds the security headers to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = page_cache()
        if cache is None or not request_is_cacheable(request):
            return self.get_response(request)
        key = page_key(request, current_version())
        entry = cache.get(key)
        if entry is not None:
            return thaw(entry)
        timeout = entry_timeout()
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            cache.set(key, freeze(response), timeout)
        return response
