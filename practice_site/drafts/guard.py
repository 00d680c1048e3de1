"""Two people editing one record of an admin without drafts: the second save is refused.

A content page with drafts already refuses a save made from a form opened before someone else
changed the page (DraftableAdmin). The other records staff share (the practice profile, a
location and its hours, a procedure group) were last-save-wins: the second person's "changed
successfully" silently undid the first person's edit. An admin that sets
`refuse_stale_saves = True` gets the same check, through the admin site's register().
"""

import copy

from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from .registry import draftable
from .services import draft_of
from .state import edit_version

EDITED_MEANWHILE = (
    "Nothing was saved: someone else saved this record after you opened it, and saving this "
    "form would have undone their change. What you typed is still below: copy what you want to "
    'keep, then <a href="{}">open the record as it is now</a> and make your change there.'
)


def still_as_opened(model_admin, request, obj):
    """Whether `obj` (and its draft) is still as the posted form was opened, read inside the
    save's transaction with its row locked (SQLite's IMMEDIATE transaction holds the database
    already): two saves sent in the same instant both passed a check made before it."""
    opened = request.POST.get("_edit_version")
    if not opened or obj is None:
        return True
    shown = copy.copy(request)
    shown.method = "GET"
    with transaction.atomic():  # a savepoint in the save's; its own transaction otherwise
        type(obj)._default_manager.select_for_update().filter(pk=obj.pk).exists()
        draft = draft_of(obj) if draftable(type(obj)) else None
        return opened == edit_version(model_admin, shown, obj, draft)


def change_url(model_admin, obj):
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


class CheckedInTheSave:
    """The form of a save refuses it, inside the admin's transaction, if the record (or its
    draft) changed after the form was opened."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if request.method != "POST" or obj is None or not request.POST.get("_edit_version"):
            return form_class
        model_admin = self

        class Checked(form_class):
            def clean(self):
                cleaned = super().clean()
                if not still_as_opened(model_admin, request, obj):
                    url = change_url(model_admin, obj)
                    raise forms.ValidationError(format_html(EDITED_MEANWHILE, url), code="stale")
                return cleaned

        Checked.__name__ = form_class.__name__
        return Checked


class StaleSaveGuard(CheckedInTheSave):
    """Mixed in before an app's ModelAdmin (see guarded_admin)."""

    change_form_template = "admin/drafts/guarded_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A form shown again after a refused save keeps the token it was opened with, so that
        # pressing Save again is refused too: the record must be opened as it is now.
        token = request.POST.get("_edit_version") if request.method == "POST" else None
        if token is None and obj is not None and change:
            token = edit_version(self, request, obj, None)
        context["edit_version"] = token or ""
        return super().render_change_form(request, context, add, change, form_url, obj)


def guarded_admin(admin_class):
    """`admin_class` refusing a save from a form opened before the record changed."""
    return type(admin_class.__name__, (StaleSaveGuard, admin_class), {})
