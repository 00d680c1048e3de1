"""A public page whose address changes keeps its old one working, as a redirect.

Search results, bookmarks and the links other sites keep point at a page's address. When staff
change a slug (or move a procedure to another group, or rename a group, which moves every
procedure in it), each page the sitemap listed at one address and lists at another gets a
redirect from the old address to the new one.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from .drafts.registry import draftable
from .redirects import is_fixed_page
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


def nearest_page_above(path, addresses):
    """The closest section above `path` that is still a page: /procedures/nerve-surgery/ for
    one of its procedures, /gallery/ for a case."""
    parts = [part for part in path.split("/") if part]
    for depth in range(len(parts) - 1, 0, -1):
        above = "/" + "/".join(parts[:depth]) + "/"
        if above in addresses or is_fixed_page(above):
            return above
    return "/"


def keep_deleted_addresses(before, after, site):
    """A redirect from the address of each page in `before` that is gone from `after` to the
    nearest page above it. Returns the (old, new) pairs."""
    pages = set(after.values())
    kept = sorted(
        (old, nearest_page_above(old, pages))
        for key, old in before.items()
        if key not in after and len(old) <= PATH_LENGTH
    )
    for old, new in kept:
        Redirect.objects.filter(site=site, new_path=old).update(new_path=new)
        Redirect.objects.update_or_create(site=site, old_path=old, defaults={"new_path": new})
    return kept


SHOWN = 20  # of each kind: a page read by staff, not a report


def losing_links(request, admin_site, obj):
    """[(label, admin url)] of what keeps its place but loses its link to `obj` when it is
    deleted (a testimonial's procedure), among what the user may see."""
    found = []
    for relation in obj._meta.related_objects:
        # Content only: a consultation request keeps the procedure's title it was sent with.
        if relation.on_delete is not models.SET_NULL or not draftable(relation.related_model):
            continue
        model_admin = admin_site._registry.get(relation.related_model)
        if model_admin is None or not model_admin.has_view_permission(request):
            continue
        opts = relation.related_model._meta
        linked = relation.related_model._default_manager.filter(**{relation.field.name: obj})
        for related in linked[:SHOWN]:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[related.pk])
            found.append((f"{opts.verbose_name.capitalize()}: {related}", url))
        if (more := linked.count() - SHOWN) > 0:
            name = opts.verbose_name if more == 1 else opts.verbose_name_plural
            found.append((f"and {more} more {name}", None))
    return found


class OldAddressesKeptMixin:
    """For an admin of pages with addresses: a save that moves public pages leaves redirects
    behind, and says so. Publishing a draft and a scheduled publication save here too. Deleting
    a public page asks with what is at stake, and leaves a redirect to the page above it."""

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None:
            live = public_addresses().get((obj._meta.label_lower, obj.pk))
            extra_context = {
                **(extra_context or {}),
                "on_site_address": live,
                "losing_links": losing_links(request, self.admin_site, obj),
            }
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        before = public_addresses()
        super().delete_model(request, obj)
        self._say_kept(request, before)

    def delete_queryset(self, request, queryset):
        before = public_addresses()
        super().delete_queryset(request, queryset)
        self._say_kept(request, before)

    def get_actions(self, request):
        # The list's "Delete selected" asks with what is at stake too: which pages are live.
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete, name, description = actions["delete_selected"]

            def delete_selected(modeladmin, request, queryset):
                response = delete(modeladmin, request, queryset)
                if isinstance(response, TemplateResponse):  # the confirmation, not the deletion
                    live = public_addresses()
                    keys = ((obj._meta.label_lower, obj.pk) for obj in queryset)
                    response.context_data["on_site_addresses"] = sorted(
                        live[key] for key in keys if key in live
                    )
                return response

            actions["delete_selected"] = (delete_selected, name, description)
        return actions

    def _say_kept(self, request, before):
        kept = keep_deleted_addresses(before, public_addresses(), get_current_site(request))
        redirects = reverse("admin:redirects_redirect_changelist")
        if len(kept) == 1:
            ((old, new),) = kept
            said = format_html(
                'Links to its address {} now lead to {} (see <a href="{}">Redirects</a>, where '
                "another page can be chosen).",
                old,
                new,
                redirects,
            )
        elif kept:
            said = format_html(
                "Links to the {} addresses of the deleted pages now lead to the pages above them "
                '(see <a href="{}">Redirects</a>, where other pages can be chosen).',
                len(kept),
                redirects,
            )
        else:
            return
        messages.info(request, said)

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
