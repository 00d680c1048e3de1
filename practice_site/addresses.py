"""A public page whose address changes keeps its old one working, as a redirect.

Search results, bookmarks and the links other sites keep point at a page's address. When staff
change a slug (or move a procedure to another group, or rename a group, which moves every
procedure in it), each page the sitemap listed at one address and lists at another gets a
redirect from the old address to the new one.
"""

from django.contrib import messages
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from .sitemaps import SITEMAPS

# The redirect table's limit (200 characters); a procedure's address can be longer.
PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def public_addresses():
    """{(model label, pk): path} of every page with a row of its own that the sitemap lists."""
    found = {}
    for section in SITEMAPS.values():
        sitemap = section()
        for item in sitemap.items():
            if isinstance(item, models.Model):
                found[(item._meta.label_lower, item.pk)] = sitemap.location(item)
    return found


def keep_old_addresses(before, after, site):
    """A redirect from each page's address in `before` to its different one in `after`.
    Returns the (old, new) pairs."""
    moved = sorted(
        (before[k], after[k])
        for k in before.keys() & after.keys()
        if before[k] != after[k] and max(len(before[k]), len(after[k])) <= PATH_LENGTH
    )
    for old, new in moved:
        # A page back at an address it had: the redirect from there would now lead away from it.
        Redirect.objects.filter(site=site, old_path=new).delete()
        # Links that led to the old address go straight to the new one, not through a chain.
        Redirect.objects.filter(site=site, new_path=old).update(new_path=new)
        Redirect.objects.update_or_create(site=site, old_path=old, defaults={"new_path": new})
    return moved


class OldAddressesKeptMixin:
    """For an admin of pages with addresses: a save that moves public pages leaves redirects
    behind, and says so. Publishing a draft and a scheduled publication save here too."""

    def save_model(self, request, obj, form, change):
        if not change or not self._address_may_change(obj):
            return super().save_model(request, obj, form, change)
        before = public_addresses()
        super().save_model(request, obj, form, change)
        moved = keep_old_addresses(before, public_addresses(), get_current_site(request))
        if moved:
            messages.info(request, self._moved_message(moved))

    @staticmethod
    def _address_may_change(obj):
        # Only then are the public addresses read twice: a save that keeps this page's own
        # address moves no other page either (a group's procedures move with its address).
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        return stored is not None and stored.get_absolute_url() != obj.get_absolute_url()

    @staticmethod
    def _moved_message(moved):
        redirects = reverse("admin:redirects_redirect_changelist")
        if len(moved) == 1:
            ((old, new),) = moved
            return format_html(
                "Links to the old address {} keep working: they now lead to {} "
                '(see <a href="{}">Redirects</a>).',
                old,
                new,
                redirects,
            )
        return format_html(
            "Links to the {} old addresses of these pages keep working: each now leads to its "
            'page\'s new address (see <a href="{}">Redirects</a>).',
            len(moved),
            redirects,
        )


def addresses_kept_admin(admin_class):
    """`admin_class` leaving redirects behind when a save moves public pages."""
    return type(admin_class.__name__, (OldAddressesKeptMixin, admin_class), {})
