"""The old site's addresses: finding the redirect for a request, and importing the address list.

Looked up only for a request that would otherwise be a 404, so no page of this site is ever
shadowed. A match is the address as asked (query string included), then its path with or without
the trailing slash, then the closest old section above it: a page nobody listed still leads to
the matching section rather than a dead end. Campaign parameters are dropped; an empty target
answers 410 Gone.
"""

import codecs
import csv
import io
import urllib.parse
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.encoding import escape_uri_path
from django.utils.http import url_has_allowed_host_and_scheme

from .links import Known, problem_with

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 5000
PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def candidate_paths(path, query=""):
    """The stored old paths that may answer a request for `path` (`?query`), best first."""
    candidates = [f"{path}?{query}"] if query else []
    toggled = path[:-1] if path.endswith("/") else f"{path}/"
    candidates += [path, toggled] if path != "/" else [path]
    # The sections above, nearest first ("/a/b/c" -> "/a/b/", "/a/"); never the home page.
    parts = [part for part in path.split("/") if part]
    for depth in range(len(parts) - 1, 0, -1):
        candidates.append("/" + "/".join(parts[:depth]) + "/")
    return candidates


def find_redirect(site, path, query=""):
    # `path` is decoded ("/our team.html"); an address copied from a browser was stored as the
    # browser showed it ("/our%20team.html"): each spelling is tried, the decoded one first.
    plain, escaped = candidate_paths(path, query), candidate_paths(escape_uri_path(path), query)
    candidates = list(dict.fromkeys(c for pair in zip(plain, escaped, strict=True) for c in pair))
    found = {r.old_path: r for r in Redirect.objects.filter(site=site, old_path__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


class OldAddressRedirectMiddleware(RedirectFallbackMiddleware):
    """Django's redirect fallback, matching the spellings listed in the module docstring."""

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        query = request.META.get("QUERY_STRING", "")
        found = find_redirect(get_current_site(request), request.path, query)
        if found is None:
            return response
        if found.new_path == "":  # the site's page saying so, not Django's empty one
            return self.response_gone_class(loader.render_to_string("410.html", request=request))
        return self.response_redirect_class(found.new_path)


# --- Importing the old site's address list ---------------------------------------------------


@dataclass
class ImportReport:
    added: list = field(default_factory=list)  # (line, Redirect)
    updated: list = field(default_factory=list)  # (line, Redirect, previous new path)
    unchanged: list = field(default_factory=list)  # (line, Redirect)
    refused: list = field(default_factory=list)  # (line, text of the row, reason)
    problem: str = ""  # the whole file was refused

    @property
    def stored(self):
        return len(self.added) + len(self.updated)


class ImportRefused(Exception):
    pass


def _decode(data):
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; an address list is at most 1 MB. "
            "Split it into smaller files."
        )
    if data.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            "This is a spreadsheet file (.xlsx), not a CSV file. In Excel choose File › Save "
            "As › “CSV UTF-8”, and import that file."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV as cp1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused("The file could not be read as text. Save it as “CSV UTF-8” and retry.")


def _own_path(value):
    """A path of this site from a path or a full address on this site's own host; else None."""
    value = value.strip()
    parts = urllib.parse.urlsplit(value)
    own_host = urllib.parse.urlsplit(settings.SITE_URL).netloc
    if parts.scheme in ("http", "https") and parts.netloc == own_host:
        value = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return value


def _old_path(value):
    """The old address as a path: "https://www.old-site.com/a/?x=1" -> "/a/?x=1"."""
    value = value.strip()
    parts = urllib.parse.urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        value = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return value


def is_fixed_page(path):
    """Whether `path` is a page of this site whatever the content: one with no variable part,
    such as /faq/. /procedures/facelift/ has the shape of a group's page but answers 404 unless
    that group exists, and a redirect is consulted on a 404 only: such an old address may
    have one."""
    match = _match(path)
    return match is not None and not (match.args or match.kwargs)


def _match(path):
    try:
        return resolve(urllib.parse.urlsplit(path).path)
    except Resolver404:
        return None


def same_page(old, new):
    """Whether two paths are one page (the query aside; a trailing slash is added or removed
    before redirects are looked up, so "/a" and "/a/" would send visitors round in a loop)."""
    old, new = (urllib.parse.urlsplit(path).path.rstrip("/") for path in (old, new))
    return old == new


def _looks_like_header(row):
    return bool(row) and not row[0].strip().startswith(("/", "http://", "https://"))


def read_rows(data):
    """(line number, [cells]) for each non-empty row of the CSV bytes `data`."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if "\x00" in text:
        raise ImportRefused("The file holds characters that are not text. Save it as “CSV UTF-8”.")
    try:
        rows = [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as error:
        raise ImportRefused(
            f"The file could not be read as a CSV file ({error}). Save it as “CSV UTF-8”."
        ) from error
    if rows and _looks_like_header(rows[0][1]):
        rows = rows[1:]
    if not rows:
        raise ImportRefused("The file has no rows of old and new addresses.")
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportRefused(
            f"The file has {len(rows):,} rows; import at most {MAX_IMPORT_ROWS:,} at a time."
        )
    return rows


class AddressProblem(ValueError):
    """Why a redirect's addresses cannot be used, and which of the two (`old` or `new`)."""

    def __init__(self, which, reason, code=""):
        super().__init__(reason)
        self.which, self.code = which, code


def _leads_back(old, new, known):
    """Whether following `new` through the site's redirects (`known.redirected`, old -> new),
    as find_redirect looks them up, comes back to `old`: visitors would go round in a loop
    until the browser gave up. A page of the site ends the chain: it is shown, not redirected."""
    path = new
    for _ in range(20):
        if same_page(path, old):
            return True
        if path in known.paths:
            return False
        redirected = known.redirected
        path = next((redirected[c] for c in candidate_paths(path) if c in redirected), None)
        if not path:
            return False
    return True  # twenty redirects in a row: no browser follows that many


def check_addresses(old, new, may_leave_site, known=None):
    """(old path, new path) from what staff typed or imported, or raise AddressProblem.

    One set of rules for the add form and the import: a redirect that could never be used (from
    a page of this site, to a page that does not exist, or round in a loop) is refused, not
    stored. `known` (links.Known) is the site's pages and redirects; an import passes one for
    all its rows, with the rows accepted so far added to its redirects."""
    old, new = _old_path(old), _own_path(new)
    if not old.startswith("/") or old.startswith("//"):
        raise AddressProblem(
            "old", "the old address must be a path such as /old-page/ or a full address"
        )
    for which, value in (("old", old), ("new", new)):
        if len(value) > PATH_LENGTH:
            raise AddressProblem(which, f"the address is longer than {PATH_LENGTH} characters")
    if is_fixed_page(old):
        raise AddressProblem(
            "old", f"{old} is a page of this site, so a redirect from it would never be used"
        )
    if new:
        on_site = new.startswith("/") and url_has_allowed_host_and_scheme(new, None)
        if not on_site and not may_leave_site:
            raise AddressProblem(
                "new",
                "the new address is not a page of this site (sending visitors to another "
                "website needs the permission to point redirects to other websites)",
                code="off_site",
            )
        if on_site and same_page(old, new):
            raise AddressProblem(
                "new",
                "the old and new addresses are the same page, so visitors would be sent round "
                "in a loop",
            )
        if on_site:
            known = known or Known()
            if _leads_back(old, new, known):
                raise AddressProblem(
                    "new",
                    f"{new} is itself redirected back to {old}, so visitors would be sent round "
                    "in a loop",
                )
            problem = problem_with(new, known)
            if problem:
                raise AddressProblem("new", f"{new} cannot be the new address: {problem}")
    return old, new


def _check_row(row, may_leave_site, seen, known):
    """(old, new) for a usable row, or raise ValueError with the reason it is refused."""
    if len(row) < 2:
        raise ValueError("it needs two columns: the old address, then the new one")
    if any(cell.strip() for cell in row[2:]):
        raise ValueError("it has more than two columns")
    old, new = check_addresses(row[0], row[1], may_leave_site, known)
    if old in seen:
        raise ValueError(f"the old address {old} is already on line {seen[old]} of the file")
    return old, new


@transaction.atomic
def import_redirects(data, site, *, may_leave_site):
    """Add or update a redirect for every usable row of a CSV of old and new addresses.

    Rows are (old address, new address); a first row of column titles is skipped; an empty new
    address means the old page is gone for good (410). Every row is either stored or refused
    with its reason; a file that cannot be read at all stores nothing.
    """
    report = ImportReport()
    try:
        rows = read_rows(data)
    except ImportRefused as refused:
        report.problem = str(refused)
        return report
    existing = {r.old_path: r for r in Redirect.objects.filter(site=site)}
    known = Known()
    seen = {}
    for number, row in rows:
        try:
            old, new = _check_row(row, may_leave_site, seen, known)
        except ValueError as reason:
            report.refused.append((number, ", ".join(row), str(reason)))
            continue
        seen[old] = number
        if new:
            known.redirected[old] = new  # a later row may lead to this one
        else:
            known.redirected.pop(old, None)
        current = existing.get(old)
        if current is None:
            existing[old] = Redirect.objects.create(site=site, old_path=old, new_path=new)
            report.added.append((number, existing[old]))
        elif current.new_path != new:
            previous = current.new_path
            current.new_path = new
            current.save(update_fields=["new_path"])
            report.updated.append((number, current, previous))
        else:
            report.unchanged.append((number, current))
    return report
