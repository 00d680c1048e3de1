"""Two people editing one record of an admin without drafts: the second save is refused.

A content page with drafts already refuses a save made from a form opened before someone else
changed the page (DraftableAdmin). The other records staff share (the practice profile, a
location and its hours, a procedure group) were last-save-wins: the second person's "changed
successfully" silently undid the first person's edit. An admin that sets
`refuse_stale_saves = True` gets the same check, through the admin site's register().
"""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.urls import reverse
from django.utils.html import format_html

from .state import edit_version

EDITED_MEANWHILE = (
    "Nothing was saved: someone else saved this record after you opened it, and saving this "
    "form would have undone their change. What you typed is still below: copy what you want to "
    'keep, then <a href="{}">open the record as it is now</a> and make your change there.'
)


class StaleSaveGuard:
    """Mixed in before an app's ModelAdmin (see guarded_admin)."""

    change_form_template = "admin/drafts/guarded_change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Compared before the admin's transaction and before validation writes onto the record.
        request.stale_save_url = None
        opened = request.POST.get("_edit_version") if request.method == "POST" else None
        if opened and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and opened != edit_version(self, request, obj, None):
                opts = self.opts
                request.stale_save_url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        url = getattr(request, "stale_save_url", None)
        if not url:
            return form_class

        class Refused(form_class):
            def clean(self):
                super().clean()
                raise forms.ValidationError(format_html(EDITED_MEANWHILE, url), code="stale")

        Refused.__name__ = form_class.__name__
        return Refused

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
